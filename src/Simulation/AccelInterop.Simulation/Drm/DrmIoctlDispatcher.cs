using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// The DRM core's ioctl entry (<c>drm_ioctl.c:drm_ioctl</c>), per drm-core.md §1: an unplugged
/// device, the type byte, then the core table or — for numbers from DRM_COMMAND_BASE to
/// DRM_COMMAND_END — the driver's, each dispatched under the size/direction rule with the
/// permission gate (<see cref="DrmIoctlGate"/>).
/// </summary>
internal static class DrmIoctlDispatcher
{
    public const byte DrmIoctlBase = 0x64; // 'd'
    public const int CommandEnd = 0xA0;

    public static int Dispatch(DrmFile file, SimulatedProcess caller, uint command, ulong argument)
    {
        DrmDevice device = file.Device;
        if (device.IsUnplugged)
        {
            return -ENODEV;
        }

        if (IoctlEncoding.Type(command) != DrmIoctlBase)
        {
            return -ENOTTY;
        }

        // A driver's handlers take its per-file state (driver_priv), the core's the DRM file.
        return IoctlEncoding.Number(command) is >= DrmIoctlTable.DriverBase and < CommandEnd
            ? device.DriverIoctls.Dispatch(file.DriverPrivate!, caller, command, argument, new DrmIoctlGate(file))
            : device.CoreIoctls.Dispatch((object)file, caller, command, argument, new DrmIoctlGate(file));
    }
}
