using AccelInterop.Simulation.Drm;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Amdxdna;

/// <summary>
/// What the kernel makes of a shmem BO's size (SHARE, CMD and DEV_HEAP BOs come from
/// <c>drm_gem_shmem_create</c>) before any page exists, so the simulation answers with the
/// kernel's errno before it allocates anything.
/// </summary>
internal static class ShmemBoSize
{
    /// <summary>0 and the page-rounded size, or -errno.</summary>
    public static int Check(ulong size, out ulong rounded)
    {
        // drm_gem_shmem_helper.c:__drm_gem_shmem_create rounds with PAGE_ALIGN, which wraps to 0 in the last page of u64.
        rounded = (size + GemObject.PageSize - 1) & ~(GemObject.PageSize - 1);

        // mm/shmem.c:__shmem_file_setup takes the size as loff_t: a negative one (bit 63 set) is -EINVAL.
        if (rounded > long.MaxValue)
        {
            return -EINVAL;
        }

        // drm_gem.c:drm_gem_create_mmap_offset -> drm_mm.c:drm_mm_insert_node_in_range: a node of no pages,
        // or of more pages than the whole fake-offset space, is -ENOSPC.
        ulong pages = rounded / GemObject.PageSize;
        return pages == 0 || pages > DrmDevice.FilePageOffsetSize ? -ENOSPC : 0;
    }
}
