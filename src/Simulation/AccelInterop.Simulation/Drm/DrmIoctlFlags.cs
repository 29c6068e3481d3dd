namespace AccelInterop.Simulation.Drm;

/// <summary>Who may call an ioctl (the DRM ioctl table's flags, checked by drm_ioctl_permit).</summary>
[Flags]
public enum DrmIoctlFlags
{
    None = 0,

    /// <summary>DRM_AUTH: authenticated clients (render clients pass).</summary>
    Auth = 0x01,

    /// <summary>DRM_MASTER: the current master only.</summary>
    Master = 0x02,

    /// <summary>DRM_ROOT_ONLY: callers with CAP_SYS_ADMIN only.</summary>
    RootOnly = 0x04,

    /// <summary>DRM_RENDER_ALLOW: also callable on render nodes.</summary>
    RenderAllow = 0x20,
}
