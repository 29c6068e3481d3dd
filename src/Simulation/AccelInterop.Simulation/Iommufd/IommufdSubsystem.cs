using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Iommufd;

/// <summary>
/// iommufd in a simulated kernel: the node /dev/iommu, each open a new context
/// (<c>iommufd_fops_open</c>). Devices join a context through vfio's BIND_IOMMUFD.
/// </summary>
public sealed class IommufdSubsystem : ICharacterDevice
{
    public const string Path = "/dev/iommu";

    private IommufdSubsystem(SimulatedKernel kernel) => Kernel = kernel;

    public SimulatedKernel Kernel { get; }

    /// <summary>module_init(iommufd_init): registers /dev/iommu (a misc device with a dynamic minor).</summary>
    public static IommufdSubsystem Load(SimulatedKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var iommufd = new IommufdSubsystem(kernel);
        kernel.Counts.Counter(IommufdContext.Contexts);
        kernel.Counts.Counter(IommufdContext.Objects);
        kernel.Counts.Counter(IommufdContext.Areas);
        kernel.AddDeviceNode(Path, iommufd);
        return iommufd;
    }

    int ICharacterDevice.Open(SimulatedProcess opener, OpenFlags flags, out IFileOperations? operations)
    {
        operations = new IommufdContext(Kernel);
        return 0;
    }

    public override string ToString() => "iommufd";
}
