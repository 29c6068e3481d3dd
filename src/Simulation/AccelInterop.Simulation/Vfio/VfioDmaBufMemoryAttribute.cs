namespace AccelInterop.Simulation.Vfio;

/// <summary>The CPU memory type of a dma-buf mmap (proposed series, <c>enum vfio_device_dma_buf_memattr</c>).</summary>
public enum VfioDmaBufMemoryAttribute : uint
{
    /// <summary>Uncached (pgprot_noncached): the default.</summary>
    NonCached = 0,

    /// <summary>Write-combining (pgprot_writecombine).</summary>
    WriteCombining = 1,
}
