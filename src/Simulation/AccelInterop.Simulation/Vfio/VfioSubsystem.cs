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

    /// <summary>VFIO's misc minor (VFIO_MINOR) under MISC_MAJOR.</summary>
    private const uint MiscMajor = 10, VfioMinor = 196;

    private readonly List<VfioGroup> _groups = [];

    private VfioSubsystem(SimulatedKernel kernel) => Kernel = kernel;

    public SimulatedKernel Kernel { get; }

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

    /// <summary>module_init(vfio_init): registers /dev/vfio/vfio.</summary>
    public static VfioSubsystem Load(SimulatedKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var vfio = new VfioSubsystem(kernel);
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
        VfioGroup group;
        lock (_groups)
        {
            group = new VfioGroup(Kernel, _groups.Count);
            _groups.Add(group);
        }

        var device = new VfioPciDevice(Kernel, model, name, group, options ?? new VfioPciOptions());
        group.Add(device);
        Kernel.AddDeviceNode(group.Path, group);
        return device;
    }

    // vfio_fops_open: a new container per open.
    int ICharacterDevice.Open(SimulatedProcess opener, Runtime.Devices.OpenFlags flags, out IFileOperations? operations)
    {
        operations = new VfioContainer(Kernel);
        return 0;
    }

    public override string ToString() => "vfio";
}
