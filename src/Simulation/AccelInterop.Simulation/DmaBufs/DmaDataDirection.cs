namespace AccelInterop.Simulation.DmaBufs;

/// <summary><c>enum dma_data_direction</c>: which way data moves between the device and memory.</summary>
public enum DmaDataDirection
{
    Bidirectional = 0,

    /// <summary>The device reads (the CPU wrote): DMA_BUF_SYNC_WRITE.</summary>
    ToDevice = 1,

    /// <summary>The device wrote (the CPU reads): DMA_BUF_SYNC_READ.</summary>
    FromDevice = 2,
}
