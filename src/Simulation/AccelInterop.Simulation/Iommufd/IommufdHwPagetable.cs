using AccelInterop.Simulation.Vfio;

namespace AccelInterop.Simulation.Iommufd;

/// <summary>
/// A paging page table over an IOAS (<c>struct iommufd_hwpt_paging</c>): the IOMMU domain attached
/// devices do DMA through. An automatic one is what <c>iommufd_device_auto_get_domain</c> makes when a
/// device attaches to an IOAS id, shared by the next device attached to the same IOAS and destroyed
/// when its last device detaches; IOMMU_HWPT_ALLOC makes one that stays until IOMMU_DESTROY. It holds
/// its IOAS, and each attached device holds it (IOMMU_DESTROY of either is -EBUSY meanwhile).
/// </summary>
public sealed class IommufdHwPagetable : IommufdObject, IIommuDomain
{
    internal IommufdHwPagetable(IommufdContext context, IommufdIoas ioas, bool automatic)
        : base(context)
    {
        Ioas = ioas;
        Automatic = automatic;
    }

    public IommufdIoas Ioas { get; }

    /// <summary>Made by an attach to an IOAS id (<c>auto_domain</c>), not by IOMMU_HWPT_ALLOC.</summary>
    public bool Automatic { get; }

    /// <summary>How many devices are attached.</summary>
    public int DeviceCount { get; internal set; }

    int IIommuDomain.DmaRead(ulong iova, Span<byte> destination) => Ioas.DmaAccess(iova, destination.Length, write: false, destination, default);

    int IIommuDomain.DmaWrite(ulong iova, ReadOnlySpan<byte> source) => Ioas.DmaAccess(iova, source.Length, write: true, default, source);

    internal override void Destroy() => Ioas.RemoveDomain();

    public override string ToString() => $"iommufd hwpt {Id} on IOAS {Ioas.Id}";
}
