using System.Runtime.InteropServices;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// Page-aligned zeroed memory that backs a simulated object. It comes from calloc, whose large
/// blocks are fresh anonymous mappings: the host zero-fills a page only when it is first touched,
/// so a large allocation the program barely uses costs what it uses. Zeroing it eagerly made a
/// 1 GiB heap buffer take seconds on a loaded machine.
/// </summary>
internal readonly unsafe struct ZeroedPages
{
    private readonly nint _allocation;

    private ZeroedPages(nint allocation)
    {
        _allocation = allocation;
        Address = (allocation + (nint)Page.Size - 1) & ~((nint)Page.Size - 1);
    }

    /// <summary>The page-aligned start; 0 for the default (nothing allocated or already freed).</summary>
    public nint Address { get; }

    public bool IsAllocated => _allocation != 0;

    /// <summary><paramref name="length"/> bytes of zeroed memory at a page boundary.</summary>
    public static ZeroedPages Allocate(ulong length) => new((nint)NativeMemory.AllocZeroed(checked((nuint)(length + Page.Size))));

    /// <summary>Gives the memory back; the caller forgets this value afterwards.</summary>
    public void Free()
    {
        if (_allocation != 0)
        {
            NativeMemory.Free((void*)_allocation);
        }
    }
}
