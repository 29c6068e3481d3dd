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
        // VFIO with its cdev companion: a device file bound to an iommufd (/dev/iommu) maps DMA through its IOAS.
        new("vfio", ["linux/vfio.h", "linux/vfio_dmabuf_ext.h", "linux/iommufd.h"], []),
        // The dma-buf file and its exporters. dma-heap.h names O_CLOEXEC and O_ACCMODE in its valid-flags macro.
        new("dmabuf", ["linux/dma-buf.h", "linux/dma-heap.h", "linux/udmabuf.h", "drm/vgem_drm.h"], ["linux/fcntl.h"]),
    ];
}
