using AccelInterop.Simulation.Vfio;

namespace AccelInterop.Simulation.Iommufd;

/// <summary>
/// A device bound to an iommufd (<c>iommufd_device_bind</c>, <c>drivers/iommu/iommufd/device.c</c>):
/// its id is the devid BIND_IOMMUFD reports; vfio holds it while the device file is bound, so
/// IOMMU_DESTROY of it is -EBUSY. It is attached to at most one page table (PASID 0 only).
/// </summary>
public sealed class IommufdDevice : IommufdObject
{
    internal IommufdDevice(IommufdContext context, VfioPciDevice device)
        : base(context)
    {
        Device = device;
        Users = 2; // the table's reference and vfio's
    }

    public VfioPciDevice Device { get; }

    /// <summary>The page table the device's DMA goes through, once attached.</summary>
    public IommufdHwPagetable? Pagetable { get; internal set; }

    internal override void Destroy()
    {
    }

    public override string ToString() => $"iommufd device {Id} ({Device.Name})";
}
