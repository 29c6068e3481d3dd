using System.Runtime.InteropServices;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// A mapping of device memory (a PCI BAR, a dma-buf of one): its loads and stores reach a device
/// model through <see cref="Load"/> and <see cref="Store"/> (the register accessors of
/// <c>MappedRegion</c>), so register side effects happen and a revoked mapping can fault. The
/// address is a page-aligned placeholder of the mapping's length that nothing is read from.
/// </summary>
public abstract unsafe class DeviceMemoryMapping : MemoryMapping
{
    protected DeviceMemoryMapping(nuint length)
        : base(Placeholder(length), length)
    {
    }

    /// <summary>A load of <paramref name="size"/> bytes at <paramref name="offset"/> into the mapping: 0, or -EFAULT for SIGBUS.</summary>
    public abstract int Load(ulong offset, int size, out ulong value);

    /// <summary>A store of <paramref name="size"/> bytes at <paramref name="offset"/> into the mapping: 0, or -EFAULT for SIGBUS.</summary>
    public abstract int Store(ulong offset, ulong value, int size);

    /// <summary>The device side of the unmap; the placeholder is freed after it.</summary>
    protected abstract void OnDeviceUnmap();

    protected internal sealed override void OnUnmap()
    {
        OnDeviceUnmap();
        NativeMemory.AlignedFree((void*)Address);
    }

    // Zeroed, so that a program that reads it directly instead of through the accessors sees zeros, not stale heap bytes.
    private static nint Placeholder(nuint length)
    {
        void* memory = NativeMemory.AlignedAlloc(length, (nuint)Page.Size);
        NativeMemory.Clear(memory, length);
        return (nint)memory;
    }

    internal static ulong LoadPlain(nint address, int size) => size switch
    {
        1 => Volatile.Read(ref *(byte*)address),
        2 => Volatile.Read(ref *(ushort*)address),
        4 => Volatile.Read(ref *(uint*)address),
        _ => Volatile.Read(ref *(ulong*)address),
    };

    internal static void StorePlain(nint address, ulong value, int size)
    {
        switch (size)
        {
            case 1:
                Volatile.Write(ref *(byte*)address, (byte)value);
                break;
            case 2:
                Volatile.Write(ref *(ushort*)address, (ushort)value);
                break;
            case 4:
                Volatile.Write(ref *(uint*)address, (uint)value);
                break;
            default:
                Volatile.Write(ref *(ulong*)address, value);
                break;
        }
    }
}
