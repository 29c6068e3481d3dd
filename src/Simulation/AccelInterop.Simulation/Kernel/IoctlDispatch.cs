using System.Buffers;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// The ioctl entry of every table: finds the command, sizes the kernel copy and runs the
/// table's copy policy around the gate and the handler. Arguments up to 128 bytes live on the
/// stack, larger ones in pooled buffers, so dispatch allocates nothing; generic over the flags
/// and the gate only (value types), so each dispatcher gets its own specialised code.
/// </summary>
internal static class IoctlDispatch
{
    private const int StackBytes = 128;

    public static int Dispatch<TFlags, TGate>(IoctlEntry<TFlags>?[] slots, byte firstNumber, IoctlCopyPolicy policy,
        object file, SimulatedProcess caller, uint command, ulong argument, TGate gate)
        where TFlags : unmanaged, Enum
        where TGate : struct, IIoctlGate<TFlags>
    {
        int index = IoctlEncoding.Number(command) - firstNumber;
        IoctlEntry<TFlags>? entry = (uint)index < (uint)slots.Length ? slots[index] : null;
        bool sized = IoctlTable.IsSized(policy);
        if (sized)
        {
            if (entry is null || !entry.HasHandler)
            {
                return -EINVAL;
            }
        }
        else
        {
            while (entry is not null && entry.Command != command)
            {
                entry = entry.SameNumber;
            }

            if (entry is null || !entry.HasHandler)
            {
                return -ENOTTY;
            }
        }

        if (sized)
        {
            // The DRM rule, the hot path: sized and run in one place.
            (int inSize, int outSize) = SizeAndDirectionCopy.UserSizes(command, entry.Command);
            int kernelSize = Math.Max(Math.Max(inSize, outSize), Math.Max(entry.EncodedSize, entry.ArgumentSize));
            byte[]? pooled = null;
            Span<byte> kernelCopy = kernelSize <= StackBytes ? stackalloc byte[StackBytes] : (pooled = ArrayPool<byte>.Shared.Rent(kernelSize));
            try
            {
                return SizeAndDirectionCopy.Run(entry, file, caller, argument, kernelCopy[..kernelSize], inSize, outSize, gate,
                    copyBackOnError: policy == IoctlCopyPolicy.SizeAndDirection);
            }
            finally
            {
                if (pooled is not null)
                {
                    ArrayPool<byte>.Shared.Return(pooled);
                }
            }
        }

        int size = policy == IoctlCopyPolicy.ExactCommand ? Math.Max(entry.EncodedSize, entry.ArgumentSize) : entry.ArgumentSize;
        byte[]? rented = null;
        Span<byte> data = size <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(size));
        data = data[..size];
        try
        {
            return policy == IoctlCopyPolicy.ExactCommand
                ? ExactCommandCopy.Run(entry, file, caller, command, argument, data, gate)
                : ArgszCopy.Run(entry, file, caller, argument, data, gate);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
