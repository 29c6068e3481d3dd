namespace AccelInterop.Simulation.Vfio;

/// <summary>Options of one simulated vfio-pci device.</summary>
public sealed record VfioPciOptions
{
    /// <summary>
    /// The proposed dma-buf series (v2, <c>headers/proposed/linux/vfio_dmabuf_ext.h</c>): dma-buf mmap
    /// with a memory attribute, VFIO_DEVICE_PCI_DMABUF_REVOKE and VFIO_DEVICE_FEATURE_DMA_BUF_MEMATTR.
    /// Off by default, so that the device answers as Linux 7.2.13 does (no dma-buf mmap: -EINVAL;
    /// the two new requests: -ENOTTY).
    /// </summary>
    public bool DmaBufMmap { get; init; }
}
