using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.DmaBufs;
using AccelInterop.Simulation.Tests.Uapi.Dmabuf;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using AccelInterop.Simulation.Vgem;
using static AccelInterop.Simulation.Tests.Uapi.Dmabuf.Dmabuf;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;

namespace AccelInterop.Simulation.Tests.Vgem;

/// <summary>The exporter rig plus a vgem device, its primary node open, and helpers for dumb buffers and fences.</summary>
internal sealed class VgemRig : IDisposable
{
    public VgemRig(SimulationOptions? options = null)
    {
        Exporters = new ExporterRig(options: options);
        Driver = VgemDriver.CreateDevice(Kernel);
        Card = DeviceFile.Open(Process, Driver.Device.NodePath).Value;
    }

    public ExporterRig Exporters { get; }
    public SimulatedKernel Kernel => Exporters.Kernel;
    public SimulatedProcess Process => Exporters.Process;
    public VgemDriver Driver { get; }
    public DeviceFile Card { get; }

    /// <summary>MODE_CREATE_DUMB of a 32-bpp buffer 1024 pixels wide (one page a row), with enough rows for <paramref name="bytes"/>; its handle.</summary>
    public uint Dumb(uint bytes = 4096)
    {
        var create = new drm_mode_create_dumb { width = 1024, height = (bytes + 4095) / 4096, bpp = 32 };
        Card.IoctlOrThrow(DRM_IOCTL_MODE_CREATE_DUMB, ref create);
        return create.handle;
    }

    /// <summary>PRIME_HANDLE_TO_FD (O_RDWR | O_CLOEXEC) of <paramref name="handle"/> as a device file.</summary>
    public DeviceFile Export(uint handle, DeviceFile? drm = null)
    {
        var prime = new drm_prime_handle { handle = handle, flags = 0x80002 };
        (drm ?? Card).IoctlOrThrow(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref prime);
        return Exporters.Wrap(prime.fd);
    }

    /// <summary>PRIME_FD_TO_HANDLE of <paramref name="buffer"/> into <paramref name="drm"/>.</summary>
    public static uint Import(DeviceFile drm, DeviceFile buffer)
    {
        var prime = new drm_prime_handle { fd = buffer.Handle.Fd };
        drm.IoctlOrThrow(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime);
        return prime.handle;
    }

    /// <summary>VGEM_FENCE_ATTACH; the fence id.</summary>
    public uint Attach(uint handle, bool write)
    {
        var attach = new drm_vgem_fence_attach { handle = handle, flags = write ? (uint)VGEM_FENCE_WRITE : 0 };
        Card.IoctlOrThrow(DRM_IOCTL_VGEM_FENCE_ATTACH, ref attach);
        return attach.out_fence;
    }

    public void Signal(uint fence)
    {
        var signal = new drm_vgem_fence_signal { fence = fence };
        Card.IoctlOrThrow(DRM_IOCTL_VGEM_FENCE_SIGNAL, ref signal);
    }

    public void Dispose()
    {
        Card.Dispose();
        Exporters.Dispose();
    }
}
