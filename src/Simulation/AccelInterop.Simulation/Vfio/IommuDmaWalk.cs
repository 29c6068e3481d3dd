using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// A device access through an IOVA space of user-memory mappings (type1's and an IOAS's alike): the
/// transfer may cross mappings, so every piece is translated and checked — mapped with the right
/// permission, the process's memory still there — before a byte moves.
/// </summary>
internal static class IommuDmaWalk
{
    public static int Access(IovaSpace<VfioDmaMapping> space, ulong iova, int length, bool write, Span<byte> destination, ReadOnlySpan<byte> source)
    {
        int done = 0;
        var pieces = new List<(ulong Address, int Length, UserMemory Memory)>();
        while (done < length)
        {
            ulong at = iova + (ulong)done;
            if (at < iova || space.Find(at, 1) is not IovaMapping<VfioDmaMapping> { Value: VfioDmaMapping mapping } found ||
                (write ? !mapping.Writable : !mapping.Readable))
            {
                return -EFAULT;
            }

            int piece = (int)Math.Min((ulong)(length - done), found.Last - at + 1);
            // A piece left by a type1 (v1) split keeps its offset into the mapping it came from.
            ulong user = mapping.UserAddress + found.Offset + (at - found.Start);
            if (!mapping.Memory.IsAccessible(user, (nuint)piece))
            {
                return -EFAULT;
            }

            pieces.Add((user, piece, mapping.Memory));
            done += piece;
        }

        int offset = 0;
        foreach ((ulong address, int piece, UserMemory memory) in pieces)
        {
            int copied = write
                ? memory.CopyToUser(address, source.Slice(offset, piece))
                : memory.CopyFromUser(destination.Slice(offset, piece), address);
            if (copied < 0)
            {
                return copied;
            }

            offset += piece;
        }

        return 0;
    }
}
