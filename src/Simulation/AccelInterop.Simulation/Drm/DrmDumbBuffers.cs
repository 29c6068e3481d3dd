using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Drm;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// The dumb-buffer ioctls of the DRM core (<c>drm_dumb_buffers.c</c>), for drivers with a
/// <c>dumb_create</c> hook; the size rule is the one the shmem helpers use
/// (<c>drm_mode_size_dumb</c> with no hardware alignment: pitch = width × bytes per pixel, the
/// size rounded up to whole pages). Without the hook every call is -ENOSYS. No DRM_RENDER_ALLOW:
/// render nodes get -EACCES from the permission check.
/// </summary>
internal static class DrmDumbBuffers
{
    private const ulong PageSize = Page.Size;

    // drm_mode_create_dumb_ioctl: the outputs are zeroed on entry and again on failure.
    public static int Create(DrmFile file, SimulatedProcess caller, ref drm_mode_create_dumb args)
    {
        DrmDriver driver = file.Device.Driver;
        if (!driver.HasDumbCreate)
        {
            return Failed(ref args, -ENOSYS);
        }

        if (args.width == 0 || args.height == 0 || args.bpp == 0 || args.bpp > uint.MaxValue - 8)
        {
            return Failed(ref args, -EINVAL);
        }

        // The 32-bit overflow checks of drm_mode_create_dumb, then drm_mode_size_dumb/drm_mode_align_dumb.
        uint bytesPerPixel = (args.bpp + 7) / 8;
        if (bytesPerPixel > uint.MaxValue / args.width)
        {
            return Failed(ref args, -EINVAL);
        }

        uint stride = bytesPerPixel * args.width;
        if (args.height > uint.MaxValue / stride)
        {
            return Failed(ref args, -EINVAL);
        }

        ulong size = ((ulong)args.height * stride + PageSize - 1) & ~(PageSize - 1);
        if (size == 0 || size > uint.MaxValue)
        {
            return Failed(ref args, -EINVAL);
        }

        GemObject gem = driver.CreateDumbObject(file, size);
        args.pitch = stride;
        args.size = size;
        args.handle = file.CreateHandle(gem);
        gem.Put();
        return 0;
    }

    // drm_mode_mmap_dumb_ioctl -> drm_gem_dumb_map_offset: unknown handle -ENOENT, imported object -EINVAL.
    public static int Map(DrmFile file, SimulatedProcess caller, ref drm_mode_map_dumb args)
    {
        int r = MapOffset(file, args.handle, out ulong offset);
        args.offset = r < 0 ? 0 : offset;
        return r;
    }

    // drm_mode_destroy_dumb: drm_gem_handle_delete (-EINVAL for a missing handle).
    public static int Destroy(DrmFile file, SimulatedProcess caller, ref drm_mode_destroy_dumb args) =>
        file.Device.Driver.HasDumbCreate ? file.DeleteHandle(args.handle) : -ENOSYS;

    private static int MapOffset(DrmFile file, uint handle, out ulong offset)
    {
        offset = 0;
        return file.Device.Driver.HasDumbCreate ? GemMapOffset(file, handle, out offset) : -ENOSYS;
    }

    /// <summary>
    /// drm_gem_dumb_map_offset: the fake offset of <paramref name="handle"/>'s object (created on first
    /// use); -ENOENT for an unknown handle, -EINVAL for an imported object. Drivers whose own
    /// MMAP_OFFSET ioctl is this helper (qda) call it too.
    /// </summary>
    internal static int GemMapOffset(DrmFile file, uint handle, out ulong offset)
    {
        offset = 0;
        GemObject? gem = file.LookupObject(handle);
        if (gem is null)
        {
            return -ENOENT;
        }

        try
        {
            if (gem.ImportedFrom is not null)
            {
                return -EINVAL;
            }

            int r = gem.CreateMmapOffset();
            offset = gem.MmapOffset;
            return r;
        }
        finally
        {
            gem.Put();
        }
    }

    private static int Failed(ref drm_mode_create_dumb args, int error)
    {
        args.handle = 0;
        args.pitch = 0;
        args.size = 0;
        return error;
    }
}
