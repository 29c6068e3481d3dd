namespace AccelInterop.Simulation.Drm;

/// <summary>The kind of device node a DRM file was opened through.</summary>
public enum DrmMinorType
{
    /// <summary>/dev/dri/cardN: the first opener becomes master.</summary>
    Primary,

    /// <summary>/dev/dri/renderDN: only ioctls marked render-allowed.</summary>
    Render,

    /// <summary>/dev/accel/accelN: compute accelerators.</summary>
    Accel,
}
