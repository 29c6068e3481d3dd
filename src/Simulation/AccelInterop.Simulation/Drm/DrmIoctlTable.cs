using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// DRM ioctl tables (the kernel's <c>drm_ioctl_desc</c> arrays): numbers from 0 for the core
/// table, from DRM_COMMAND_BASE (0x40) for a driver's, under the <see cref="IoctlCopyPolicy.SizeAndDirection"/>
/// rule, with the DRM permission flags. A table's length is what the kernel compares against
/// (<c>num_ioctls</c>, DRM_CORE_IOCTL_COUNT).
/// </summary>
public static class DrmIoctlTable
{
    /// <summary>DRM_COMMAND_BASE: where a driver's table starts.</summary>
    public const byte DriverBase = 0x40;

    /// <summary>An empty table whose handlers get <typeparamref name="TFile"/>, starting at <paramref name="firstNumber"/>.</summary>
    public static IoctlTable<TFile, DrmIoctlFlags> Create<TFile>(byte firstNumber = DriverBase) where TFile : class =>
        new(IoctlCopyPolicy.SizeAndDirection, firstNumber);
}
