namespace AccelInterop.Cli;

/// <summary>
/// A uAPI the product ships bindings for: its name, the headers that make it up, and what a C user
/// of them includes first (the model records it, so check and generate see the same parse).
/// </summary>
internal sealed record UapiEntry(string Name, IReadOnlyList<string> Headers, IReadOnlyList<string> Includes);

/// <summary>The uAPIs scanned (and, later, generated) when no input is given.</summary>
internal static class UapiCatalog
{
    public static readonly IReadOnlyList<UapiEntry> Default =
    [
        // drm.h defines DRM_CLOEXEC and DRM_RDWR as O_CLOEXEC and O_RDWR, which a C user has from <fcntl.h>:
        // the kernel's own <linux/fcntl.h> gives each target's values.
        new("drm", ["drm/drm.h"], ["linux/fcntl.h"]),
        new("amdxdna", ["drm/amdxdna_accel.h"], []),
        new("qda", ["drm/qda_accel.h"], []),
        new("xe", ["drm/xe_drm.h"], []),
        new("vfio", ["linux/vfio.h", "linux/vfio_dmabuf_ext.h"], []),
    ];
}
