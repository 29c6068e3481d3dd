using System.Runtime.CompilerServices;

namespace AccelInterop.Runtime.Devices;

public sealed unsafe partial class MappedRegion
{
    /// <summary>A 32-bit device-register load at <paramref name="offset"/> (one access of exactly that width).</summary>
    /// <exception cref="MappingFaultException">The access faults (SIGBUS on Linux).</exception>
    public uint ReadUInt32(nuint offset) => (uint)Load(offset, sizeof(uint));

    /// <summary>A 64-bit device-register load at <paramref name="offset"/>.</summary>
    /// <exception cref="MappingFaultException">The access faults (SIGBUS on Linux).</exception>
    public ulong ReadUInt64(nuint offset) => Load(offset, sizeof(ulong));

    /// <summary>A 32-bit device-register store at <paramref name="offset"/>.</summary>
    /// <exception cref="MappingFaultException">The access faults (SIGBUS on Linux).</exception>
    public void WriteUInt32(nuint offset, uint value) => Store(offset, value, sizeof(uint));

    /// <summary>A 64-bit device-register store at <paramref name="offset"/>.</summary>
    /// <exception cref="MappingFaultException">The access faults (SIGBUS on Linux).</exception>
    public void WriteUInt64(nuint offset, ulong value) => Store(offset, value, sizeof(ulong));

    private ulong Load(nuint offset, int size)
    {
        nint address = RegisterAddress(offset, size);
        if (Backend is IDeviceMemoryBackend device)
        {
            var loaded = device.LoadMapped(address, size);
            return loaded.IsSuccess ? loaded.Value : throw Fault(address);
        }

        return size == sizeof(uint) ? Volatile.Read(ref *(uint*)address) : Volatile.Read(ref *(ulong*)address);
    }

    private void Store(nuint offset, ulong value, int size)
    {
        nint address = RegisterAddress(offset, size);
        if (Backend is IDeviceMemoryBackend device)
        {
            if (!device.StoreMapped(address, value, size).IsSuccess)
            {
                throw Fault(address);
            }

            return;
        }

        if (size == sizeof(uint))
        {
            Volatile.Write(ref *(uint*)address, (uint)value);
        }
        else
        {
            Volatile.Write(ref *(ulong*)address, value);
        }
    }

    // Registers are naturally aligned, inside the mapping.
    private nint RegisterAddress(nuint offset, int size)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (offset > Length || (nuint)size > Length - offset || offset % (nuint)size != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"a {size}-byte register at {offset} is outside the {Length}-byte mapping or unaligned");
        }

        return handle + (nint)offset;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static MappingFaultException Fault(nint address) =>
        new($"SIGBUS: the mapping at 0x{address:x} has no device memory behind it (revoked, or memory decode is off)") { Address = address };
}
