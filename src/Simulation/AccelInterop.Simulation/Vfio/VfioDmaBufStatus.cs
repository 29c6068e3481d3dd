namespace AccelInterop.Simulation.Vfio;

/// <summary>Where a vfio-pci dma-buf stands (the proposed series' three states; 7.2.13 has the first two plus the device-close cleanup).</summary>
public enum VfioDmaBufStatus
{
    /// <summary>Usable: importers may attach and map, mappings reach the BAR.</summary>
    Live,

    /// <summary>Revoked while memory decode is off, the function is in low power, or a reset runs; comes back with them.</summary>
    TemporarilyRevoked,

    /// <summary>Revoked for good: the device was closed, or (proposed series) VFIO_DEVICE_PCI_DMABUF_REVOKE.</summary>
    PermanentlyRevoked,
}
