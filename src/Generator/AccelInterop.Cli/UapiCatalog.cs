namespace AccelInterop.Cli;

/// <summary>A uAPI the product ships bindings for: its name and the headers that make it up.</summary>
internal sealed record UapiEntry(string Name, IReadOnlyList<string> Headers);

/// <summary>The uAPIs scanned (and, later, generated) when no input is given.</summary>
internal static class UapiCatalog
{
    public static readonly IReadOnlyList<UapiEntry> Default =
    [
        new("drm", ["drm/drm.h"]),
        new("amdxdna", ["drm/amdxdna_accel.h"]),
        new("qda", ["drm/qda_accel.h"]),
        new("xe", ["drm/xe_drm.h"]),
        new("vfio", ["linux/vfio.h", "linux/vfio_dmabuf_ext.h"]),
    ];
}
