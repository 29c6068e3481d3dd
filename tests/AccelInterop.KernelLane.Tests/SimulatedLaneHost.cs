using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.DmaHeaps;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Mem;
using AccelInterop.Simulation.Udmabuf;
using AccelInterop.Simulation.Vfio;
using AccelInterop.Simulation.Vfio.Pci;
using AccelInterop.Simulation.Vgem;

namespace AccelInterop.KernelLane.Tests;

/// <summary>
/// The simulated kernel set up like the lane's VM: vgem (its only DRM device), the system heap,
/// udmabuf, and vfio-pci with edu alone in its IOMMU group; the scenarios run as root, like /init.
/// </summary>
internal sealed unsafe class SimulatedLaneHost : ILaneHost, IDisposable
{
    private readonly SimulatedProcess _process;
    private readonly VfioPciDevice _edu;

    public SimulatedLaneHost()
    {
        SimulatedKernel = new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        VgemDriver.CreateDevice(SimulatedKernel);
        SystemHeap.Load(SimulatedKernel);
        UdmabufDevice.Load(SimulatedKernel);
        _edu = VfioSubsystem.Load(SimulatedKernel).AddPciDevice(new EduDevice(), "0000:00:01.0");
        _process = SimulatedKernel.CreateProcess("lane", hasSysAdmin: true);
    }

    public SimulatedKernel SimulatedKernel { get; }

    public IKernelBackend Kernel => _process;

    public string EduAddress => _edu.Name;

    public string EduGroupPath => _edu.Group.Path;

    public IDisposable ShareMemory(void* address, nuint length) => _process.Memory.Register(address, length);

    public SysResult CreateMemfd(ulong size, uint seals)
    {
        SysResult created = _process.MemfdCreate("lane", MemfdFlags.AllowSealing | MemfdFlags.CloseOnExec);
        if (!created.IsSuccess)
        {
            return created;
        }

        SysResult result = _process.Truncate(created.Value, size);
        if (result.IsSuccess && seals != 0)
        {
            result = _process.AddSeals(created.Value, (MemfdSeals)seals);
        }

        if (!result.IsSuccess)
        {
            _process.Close(created.Value);
            return result;
        }

        return created;
    }

    public void Dispose()
    {
        _process.Exit();
        SimulatedKernel.Shutdown();
    }
}
