using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// The PCI memory barrier page of a discrete part (<c>xe_device.c:xe_pci_barrier_mmap</c>): one
/// write-only 4 KiB page at the fixed fake offset 0x50 &lt;&lt; 12, with no object behind it. A
/// store through the page is a barrier; the simulation sees it by looking at the page — each
/// look (<see cref="Observe"/>) that finds bytes written counts one barrier and clears the page.
/// </summary>
public sealed unsafe class XeBarrierPage
{
    /// <summary>XE_PCI_BARRIER_MMAP_OFFSET: page 0x50 (xe_device.h).</summary>
    public const ulong MmapOffset = 0x50UL << 12;

    /// <summary>The page is 4 KiB (SZ_4K), whatever the CPU page size.</summary>
    public const ulong Size = 4096;

    private readonly Lock _lock = new();
    private readonly nint _page;
    private int _mappings;
    private long _barriers;

    internal XeBarrierPage(DrmDevice device)
    {
        Device = device;
        _page = (nint)NativeMemory.AlignedAlloc((nuint)Size, (nuint)Size);
        NativeMemory.Clear((void*)_page, (nuint)Size);
    }

    public DrmDevice Device { get; }

    /// <summary>Mappings of the page that exist now.</summary>
    public int Mappings => Volatile.Read(ref _mappings);

    /// <summary>Barrier writes observed so far (after looking at the page once more).</summary>
    public long Barriers
    {
        get
        {
            Observe();
            return Interlocked.Read(ref _barriers);
        }
    }

    /// <summary>Looks at the page: written bytes count as one barrier and are cleared; whether there were any.</summary>
    public bool Observe()
    {
        lock (_lock)
        {
            var bytes = new Span<byte>((void*)_page, (int)Size);
            if (!bytes.ContainsAnyExcept((byte)0))
            {
                return false;
            }

            bytes.Clear();
            Interlocked.Increment(ref _barriers);
            return true;
        }
    }

    // xe_pci_barrier_mmap: longer than 4 KiB, a private (copy-on-write) mapping, or readable/executable -> -EINVAL.
    internal int Mmap(nuint length, MemoryProtection protection, MapFlags flags, out MemoryMapping? mapping)
    {
        mapping = null;
        if (length > Size || (flags & MapFlags.Private) != 0 || (protection & MemoryProtection.Read) != 0)
        {
            return -EINVAL;
        }

        Interlocked.Increment(ref _mappings);
        mapping = new BarrierMapping(this, _page, length);
        return 0;
    }

    private sealed class BarrierMapping(XeBarrierPage page, nint address, nuint length) : MemoryMapping(address, length)
    {
        protected internal override void OnUnmap()
        {
            page.Observe();
            Interlocked.Decrement(ref page._mappings);
        }
    }
}
