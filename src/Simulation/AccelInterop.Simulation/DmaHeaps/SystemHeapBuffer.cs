using System.Runtime.InteropServices;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.DmaHeaps;

/// <summary>
/// A system heap buffer as the exporter of its dma-buf (<c>system_heap_buf_ops</c>): zeroed page
/// memory; attachments map it (with DMA_ATTR_CC_SHARED for a cc-shared buffer), mmap and vmap
/// give it, the release frees it.
/// </summary>
public sealed unsafe class SystemHeapBuffer : IDmaBufExporter
{
    private readonly SystemHeap _heap;
    private ZeroedPages _pages;
    private nint _memory;

    internal SystemHeapBuffer(SystemHeap heap, string heapName, ulong length)
    {
        _heap = heap;
        ExporterName = heapName;
        Length = length;
        _pages = ZeroedPages.Allocate(length);
        _memory = _pages.Address;
    }

    /// <summary><c>exp_name</c>: the heap's name.</summary>
    public string ExporterName { get; }

    public ulong Length { get; }

    /// <summary>Whether the pages are shared with the host (the system_cc_shared heap).</summary>
    public bool IsCcShared => _heap.IsCcShared;

    /// <summary>Attachments mapped with DMA_ATTR_CC_SHARED so far (<c>system_heap_map_dma_buf</c>).</summary>
    public int CcSharedMappings { get; private set; }

    int IDmaBufExporter.Map(DmaBufAttachment attachment, out nint memory)
    {
        memory = _memory;
        if (IsCcShared)
        {
            CcSharedMappings++;
        }

        return 0;
    }

    int IDmaBufExporter.Mmap(DmaBuf buffer, SimulatedProcess caller, nuint length, long offset, out MemoryMapping? mapping)
    {
        mapping = new ExporterMemoryMapping(_memory + (nint)offset, length);
        return 0;
    }

    int IDmaBufExporter.Vmap(DmaBuf buffer, out nint address)
    {
        address = _memory;
        return 0;
    }

    void IDmaBufExporter.Release(DmaBuf buffer) => Free();

    internal void Free()
    {
        if (_memory != 0)
        {
            _pages.Free();
            _pages = default;
            _memory = 0;
            _heap.Freed(Length);
        }
    }
}
