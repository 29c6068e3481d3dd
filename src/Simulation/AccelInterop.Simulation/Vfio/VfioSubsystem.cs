using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Vfio.Pci;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// VFIO in a simulated kernel: the container node /dev/vfio/vfio, and one IOMMU group with its
/// node /dev/vfio/N per PCI function handed to vfio-pci with <see cref="AddPciDevice"/>.
/// </summary>
public sealed class VfioSubsystem : ICharacterDevice
{
    public const string ContainerPath = "/dev/vfio/vfio";

    /// <summary>Where the device cdev nodes are (vfio_device_set_name: vfio-dev/vfioN under /dev/vfio/devices).</summary>
    public const string DevicesDirectory = "/dev/vfio/devices";

    /// <summary>VFIO's misc minor (VFIO_MINOR) under MISC_MAJOR.</summary>
    private const uint MiscMajor = 10, VfioMinor = 196;

    private readonly List<VfioGroup> _groups = [];

    private VfioSubsystem(SimulatedKernel kernel, int dmaEntryLimit)
    {
        Kernel = kernel;
        DmaEntryLimit = dmaEntryLimit;
    }

    public SimulatedKernel Kernel { get; }

    /// <summary>vfio_iommu_type1's module parameter <c>dma_entry_limit</c>: the most mappings of one container.</summary>
    public int DmaEntryLimit { get; }

    public IReadOnlyList<VfioGroup> Groups
    {
        get
        {
            lock (_groups)
            {
                return [.. _groups];
            }
        }
    }

    /// <summary>module_init(vfio_init): registers /dev/vfio/vfio; type1 gets <paramref name="dmaEntryLimit"/>.</summary>
    public static VfioSubsystem Load(SimulatedKernel kernel, int dmaEntryLimit = VfioIommuType1.DefaultDmaEntryLimit)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentOutOfRangeException.ThrowIfLessThan(dmaEntryLimit, 1);
        var vfio = new VfioSubsystem(kernel, dmaEntryLimit);
        kernel.Counts.Counter(VfioContainer.Containers);
        kernel.Counts.Counter(VfioDeviceFile.DeviceFiles);
        kernel.Counts.Counter(VfioContainer.DmaMappings);
        kernel.Counts.Counter(DmaBuf.DmaBufs);
        kernel.AddDeviceNode(ContainerPath, vfio, MiscMajor, VfioMinor);
        return vfio;
    }

    /// <summary>
    /// Binds <paramref name="model"/> to vfio-pci as <paramref name="name"/> in an IOMMU group of its
    /// own, whose node /dev/vfio/N (N counting from 0) appears.
    /// </summary>
    public VfioPciDevice AddPciDevice(IPciDevice model, string name = "0000:00:04.0", VfioPciOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (model.Config.Read16(PciConfigSpace.SubClass) == PciConfigSpace.ClassDisplayVga)
        {
            // With VGA, vfio-pci would also route the legacy VGA ranges (vfio_pci_vga_rw), which IPciDevice cannot decode.
            throw new ArgumentException("VGA-class functions are not modelled", nameof(model));
        }

        VfioGroup group;
        lock (_groups)
        {
            group = new VfioGroup(Kernel, _groups.Count);
            _groups.Add(group);
        }

        var device = new VfioPciDevice(Kernel, model, name, group, options ?? new VfioPciOptions());
        group.Add(device);
        Kernel.AddDeviceNode(group.Path, group);
        device.CdevPath = $"{DevicesDirectory}/vfio{group.Id}"; // one device per group: the device index is the group's
        Kernel.AddDeviceNode(device.CdevPath, new VfioDeviceCdev(device));
        return device;
    }

    // vfio_fops_open: a new container per open.
    int ICharacterDevice.Open(SimulatedProcess opener, Runtime.Devices.OpenFlags flags, out IFileOperations? operations)
    {
        operations = new VfioContainer(Kernel, DmaEntryLimit);
        return 0;
    }

    public override string ToString() => "vfio";
}
