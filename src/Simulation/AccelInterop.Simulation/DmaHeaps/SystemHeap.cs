using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.DmaHeaps;

/// <summary>
/// The system heap module (<c>drivers/dma-buf/heaps/system_heap.c</c>): zeroed pages from the page
/// allocator. Loading it adds <c>system</c>, and <c>system_cc_shared</c> (buffers whose pages are
/// shared with the host, decrypted, on a confidential-computing guest) only when the kernel has
/// no highmem, was built with CONFIG_DMABUF_HEAPS_SYSTEM_CC_SHARED, and runs with memory
/// encryption (<c>system_heap_create</c>).
/// </summary>
public sealed class SystemHeap : IDmaHeapOps
{
    public const string SystemName = "system";
    public const string CcSharedName = "system_cc_shared";

    private readonly SystemHeapOptions _options;
    private readonly Lock _lock = new();
    private ulong _allocated;

    private SystemHeap(bool ccShared, SystemHeapOptions options)
    {
        IsCcShared = ccShared;
        _options = options;
    }

    /// <summary>Whether the heap's buffers are shared with the host (decrypted pages).</summary>
    public bool IsCcShared { get; }

    /// <summary>Bytes of live buffers of this heap.</summary>
    public ulong Allocated
    {
        get
        {
            lock (_lock)
            {
                return _allocated;
            }
        }
    }

    /// <summary>module_init(system_heap_create): the heaps this machine gets; 0 or the first <c>dma_heap_add</c> error.</summary>
    public static int Load(SimulatedKernel kernel, SystemHeapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        options ??= new SystemHeapOptions();
        int r = DmaHeap.Add(kernel, SystemName, new SystemHeap(ccShared: false, options), out _);
        if (r < 0 || options.HighMem || !options.CcSharedHeapConfigured || !options.MemoryEncryption)
        {
            return r;
        }

        return DmaHeap.Add(kernel, CcSharedName, new SystemHeap(ccShared: true, options), out _);
    }

    // system_heap_allocate: zeroed pages (all or -ENOMEM), made shared with the host for the cc heap, exported with the fd flags.
    int IDmaHeapOps.Allocate(DmaHeap heap, ulong length, uint fdFlags, ulong heapFlags, out DmaBuf? buffer)
    {
        buffer = null;
        lock (_lock)
        {
            if (length > _options.MemoryLimit - _allocated)
            {
                return -ENOMEM;
            }

            _allocated += length;
        }

        var memory = new SystemHeapBuffer(this, heap.Name, length);
        int r = DmaBuf.Export(heap.Kernel, memory, length, (OpenFlags)fdFlags, out buffer);
        if (r < 0)
        {
            memory.Free();
        }

        return r;
    }

    internal void Freed(ulong length)
    {
        lock (_lock)
        {
            _allocated -= length;
        }
    }
}
