using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.DmaHeaps;
using AccelInterop.Simulation.Iommufd;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Qda;
using AccelInterop.Simulation.Udmabuf;
using AccelInterop.Simulation.Vfio;
using AccelInterop.Simulation.Vfio.Pci;
using AccelInterop.Simulation.Vgem;
using AccelInterop.Simulation.Xe;

namespace AccelInterop.Storm.Tests;

/// <summary>
/// Every simulated device the storm drives. A new driver adds one line here and its uAPI to
/// AccelInterop.txt; the storm then opens its nodes and sends it every generated request.
/// </summary>
internal static class StormDevices
{
    public static readonly StormDevice[] All =
    [
        new("amdxdna AIE2 (NPU4)", k => AmdxdnaDriver.CreateDevice(k, AmdxdnaGeneration.Aie2Npu4), "/dev/accel/", 'd'),
        new("amdxdna AIE4 (PF)", k => AmdxdnaDriver.CreateDevice(k, AmdxdnaGeneration.Aie4Pf), "/dev/accel/", 'd'),
        new("vgem", k => VgemDriver.CreateDevice(k), "/dev/dri/", 'd'),
        new("system dma-heap", k => SystemHeap.Load(k), "/dev/dma_heap/", 'H'),
        new("udmabuf", k => UdmabufDevice.Load(k), "/dev/udmabuf", 'u'),
        new("xe (integrated)", k => XeDriver.CreateDevice(k, XeConfiguration.Integrated), "/dev/dri/", 'd'),
        new("xe (discrete)", k => XeDriver.CreateDevice(k, XeConfiguration.Discrete), "/dev/dri/", 'd'),
        new("vfio-pci with edu and ivshmem-doorbell", k => AddVfioDevices(VfioSubsystem.Load(k)), "/dev/vfio/", ';'),
        new("iommufd", k => IommufdSubsystem.Load(k), "/dev/iommu", ';'), // its uAPI is in the vfio model
        new("qda (cdsp, 2 context banks)", k => QdaDriver.CreateDevice(k, new QdaOptions { ContextBanks = 2 }), "/dev/accel/", 'd'),
    ];

    // Two device types behind one vfio: edu in group 0, ivshmem-doorbell (MSI-X, a 64-bit BAR) in group 1.
    private static void AddVfioDevices(VfioSubsystem vfio)
    {
        vfio.AddPciDevice(new EduDevice());
        vfio.AddPciDevice(new IvshmemDoorbellDevice(vectors: 4), "0000:00:05.0");
    }

    /// <summary>The ioctl type byte of an fd that did not come from a device node (dma-buf fds from exports and allocations).</summary>
    public const char AnonymousFileType = 'b';

    /// <summary>The ioctl type byte the file opened from <paramref name="path"/> takes, if a storm device owns the path.</summary>
    public static char? TypeOf(string path) => All.FirstOrDefault(d => path.StartsWith(d.NodePrefix, StringComparison.Ordinal))?.IoctlType;
}

/// <summary>
/// A simulated device of the storm: how to create it, the prefix of its nodes, and the ioctl type
/// byte its requests carry (the storm mostly sends a file the requests of its own type).
/// </summary>
internal sealed record StormDevice(string Name, Action<SimulatedKernel> Create, string NodePrefix, char IoctlType);
