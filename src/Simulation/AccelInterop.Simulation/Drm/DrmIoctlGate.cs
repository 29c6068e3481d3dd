using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// What <c>drm_ioctl.c:drm_ioctl_kernel</c> checks after the copy in and before the handler:
/// an unplugged device (-ENODEV), then <c>drm_ioctl_permit</c> in the kernel's order.
/// </summary>
internal readonly struct DrmIoctlGate(DrmFile file) : IIoctlGate<DrmIoctlFlags>
{
    public int Check(SimulatedProcess caller, DrmIoctlFlags flags)
    {
        if (file.Device.IsUnplugged)
        {
            return -ENODEV;
        }

        if ((flags & DrmIoctlFlags.RootOnly) != 0 && !caller.HasSysAdmin)
        {
            return -EACCES;
        }

        if ((flags & DrmIoctlFlags.Auth) != 0 && !file.IsRenderClient && !file.Authenticated)
        {
            return -EACCES;
        }

        if ((flags & DrmIoctlFlags.Master) != 0 && !file.IsMaster)
        {
            return -EACCES;
        }

        if ((flags & DrmIoctlFlags.RenderAllow) == 0 && file.IsRenderClient)
        {
            return -EACCES;
        }

        return 0;
    }
}
