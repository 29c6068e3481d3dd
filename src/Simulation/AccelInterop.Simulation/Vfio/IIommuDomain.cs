namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// What a device's DMA goes through: a type1 container's IOMMU, or the iommufd page table a cdev
/// device file attached. A read or write of bus addresses is 0, or -EFAULT where the domain maps
/// nothing with the access the device asks for.
/// </summary>
internal interface IIommuDomain
{
    int DmaRead(ulong iova, Span<byte> destination);

    int DmaWrite(ulong iova, ReadOnlySpan<byte> source);
}
