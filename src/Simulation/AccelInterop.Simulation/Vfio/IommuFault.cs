namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// A DMA the IOMMU blocked (what a DMAR fault record tells the host): the device, the IOVA, and
/// whether the device was writing. The device itself learns nothing of it.
/// </summary>
public readonly record struct IommuFault(string Device, ulong Iova, int Length, bool Write);
