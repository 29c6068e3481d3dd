using AccelInterop.Simulation.DmaBufs;

namespace AccelInterop.Simulation.DmaHeaps;

/// <summary>What a heap does (<c>struct dma_heap_ops</c>): allocate a dma-buf.</summary>
public interface IDmaHeapOps
{
    /// <summary>
    /// <c>allocate</c>: a new dma-buf of <paramref name="length"/> bytes (already page aligned and
    /// non-zero), with one file reference for the caller; or <c>-errno</c>.
    /// </summary>
    int Allocate(DmaHeap heap, ulong length, uint fdFlags, ulong heapFlags, out DmaBuf? buffer);
}
