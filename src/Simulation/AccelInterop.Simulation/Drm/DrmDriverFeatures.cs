namespace AccelInterop.Simulation.Drm;

/// <summary>The driver feature bits the DRM core checks (DRIVER_*).</summary>
[Flags]
public enum DrmDriverFeatures
{
    None = 0,
    Gem = 1 << 0,
    Render = 1 << 1,
    Syncobj = 1 << 2,
    SyncobjTimeline = 1 << 3,
    ComputeAccel = 1 << 4,
}
