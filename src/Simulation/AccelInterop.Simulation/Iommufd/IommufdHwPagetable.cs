using AccelInterop.Simulation.Vfio;

namespace AccelInterop.Simulation.Iommufd;

/// <summary>
/// A paging page table over an IOAS (<c>struct iommufd_hwpt_paging</c>): the IOMMU domain attached
/// devices do DMA through. Only automatic domains exist here — the one
/// <c>iommufd_device_auto_get_domain</c> makes when a device attaches to an IOAS id, shared by the
/// next device attached to the same IOAS and destroyed when its last device detaches. It holds its
/// IOAS (IOMMU_DESTROY of the IOAS is -EBUSY meanwhile).
/// </summary>
public sealed class IommufdHwPagetable : IommufdObject, IIommuDomain
{
    internal IommufdHwPagetable(IommufdContext context, IommufdIoas ioas)
        : base(context) => Ioas = ioas;

    public IommufdIoas Ioas { get; }

    /// <summary>How many devices are attached.</summary>
    public int DeviceCount { get; internal set; }

    int IIommuDomain.DmaRead(ulong iova, Span<byte> destination) => Ioas.DmaAccess(iova, destination.Length, write: false, destination, default);

    int IIommuDomain.DmaWrite(ulong iova, ReadOnlySpan<byte> source) => Ioas.DmaAccess(iova, source.Length, write: true, default, source);

    internal override void Destroy() => Ioas.RemoveDomain();

    public override string ToString() => $"iommufd hwpt {Id} on IOAS {Ioas.Id}";
}
