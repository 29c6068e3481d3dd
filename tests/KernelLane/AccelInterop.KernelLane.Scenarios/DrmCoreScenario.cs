using System.Text;
using AccelInterop.KernelLane.Uapi.Drm;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using static AccelInterop.KernelLane.Uapi.Drm.Drm;

namespace AccelInterop.KernelLane;

/// <summary>The DRM core through vgem: VERSION, GET_CAP, dumb buffers, flink/open, PRIME both ways, render-node rules, GEM_CLOSE, unknown numbers, syncobj.</summary>
internal static unsafe class DrmCoreScenario
{
    public static void Run(ILaneHost host, Transcript t)
    {
        using DeviceFile card = DeviceFile.Open(host.Kernel, Paths.Card).Value;
        using DeviceFile render = DeviceFile.Open(host.Kernel, Paths.Render).Value;
        Version(host, t, card);
        Caps(t, card);
        DumbBuffers(t, card, render);
        FlinkAndOpen(host, t, card, render);
        Prime(t, card, render);
        UnknownNumbers(t, card);
        ChangeHandle(t, card);
        Syncobj(t, card);
    }

    // GEM_CHANGE_HANDLE is in the uAPI, but 7.2.13's ioctl table routes it to drm_invalid_op.
    private static void ChangeHandle(Transcript t, DeviceFile card)
    {
        var create = new drm_mode_create_dumb { width = 64, height = 64, bpp = 32 };
        SysResult created = card.Ioctl(DRM_IOCTL_MODE_CREATE_DUMB, ref create);
        var change = new drm_gem_change_handle { handle = create.handle, new_handle = create.handle + 100 };
        t.Step("gem.change-handle", card.Ioctl(DRM_IOCTL_GEM_CHANGE_HANDLE, ref change));
        if (created.IsSuccess)
        {
            var close = new drm_gem_close { handle = create.handle };
            card.Ioctl(DRM_IOCTL_GEM_CLOSE, ref close);
        }
    }

    private static void Version(ILaneHost host, Transcript t, DeviceFile card)
    {
        byte* name = stackalloc byte[64];
        byte* desc = stackalloc byte[64];
        using var shareName = host.ShareMemory(name, 64);
        using var shareDesc = host.ShareMemory(desc, 64);
        var v = new drm_version { name = (nuint)name, name_len = 64, desc = (nuint)desc, desc_len = 64 };
        SysResult r = card.Ioctl(DRM_IOCTL_VERSION, ref v);
        t.Step("drm.version", r, $"major={v.version_major} minor={v.version_minor} patch={v.version_patchlevel} " +
            $"name={Text(name, v.name_len)} name_len={v.name_len} date_len={v.date_len} desc=\"{Text(desc, v.desc_len)}\" desc_len={v.desc_len}");

        // Lengths report the whole string even when the buffer is shorter (drm_ioctl.c:drm_copy_field).
        var shortName = new drm_version { name = (nuint)name, name_len = 2 };
        r = card.Ioctl(DRM_IOCTL_VERSION, ref shortName);
        t.Step("drm.version.short-name", r, $"name_len={shortName.name_len} copied={Text(name, 2)}");
        var unreadable = new drm_version { name = 0x1000, name_len = 8 };
        t.Step("drm.version.bad-pointer", card.Ioctl(DRM_IOCTL_VERSION, ref unreadable));
    }

    private static void Caps(Transcript t, DeviceFile card)
    {
        // Every capability number the core knows (DRM_CAP_DUMB_BUFFER .. DRM_CAP_ATOMIC_ASYNC_PAGE_FLIP) and one past them.
        foreach (ulong cap in new ulong[] { 0x1, 0x2, 0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16 })
        {
            var get = new drm_get_cap { capability = cap };
            SysResult r = card.Ioctl(DRM_IOCTL_GET_CAP, ref get);
            t.Step($"drm.get-cap.0x{cap:x}", r, $"value={get.value}");
        }

        // Client caps: stereo 3D, universal planes, atomic, aspect ratio, writeback; each needs modesetting.
        foreach (ulong cap in new ulong[] { 1, 2, 3, 4, 5, 6, 0x99 })
        {
            var set = new drm_set_client_cap { capability = cap, value = 1 };
            t.Step($"drm.set-client-cap.{cap}", card.Ioctl(DRM_IOCTL_SET_CLIENT_CAP, ref set));
        }
    }

    private static void DumbBuffers(Transcript t, DeviceFile card, DeviceFile render)
    {
        var create = new drm_mode_create_dumb { width = 100, height = 10, bpp = 24 };
        SysResult r = card.Ioctl(DRM_IOCTL_MODE_CREATE_DUMB, ref create);
        t.Step("dumb.create", r, $"handle={create.handle} pitch={create.pitch} size={create.size}");

        foreach ((string tag, uint width, uint height, uint bpp) in new[]
        {
            ("zero-width", 0u, 1u, 32u), ("zero-height", 1u, 0u, 32u), ("zero-bpp", 1u, 1u, 0u),
            ("huge-bpp", 1u, 1u, uint.MaxValue - 7), ("pitch-overflow", 0x40000000u, 1u, 32u), ("size-overflow", 0x10000u, 0x10000u, 32u),
        })
        {
            var bad = new drm_mode_create_dumb { width = width, height = height, bpp = bpp, handle = 7, pitch = 7, size = 7 };
            r = card.Ioctl(DRM_IOCTL_MODE_CREATE_DUMB, ref bad);
            t.Step($"dumb.create.{tag}", r);
            t.Observe($"dumb.create.{tag}.outputs", $"handle={bad.handle} pitch={bad.pitch} size={bad.size}");
        }

        var flagged = new drm_mode_create_dumb { width = 64, height = 64, bpp = 32, flags = 1 };
        t.Step("dumb.create.flags", card.Ioctl(DRM_IOCTL_MODE_CREATE_DUMB, ref flagged));
        var onRender = new drm_mode_create_dumb { width = 64, height = 64, bpp = 32 };
        t.Step("dumb.create.render-node", render.Ioctl(DRM_IOCTL_MODE_CREATE_DUMB, ref onRender));

        var map = new drm_mode_map_dumb { handle = create.handle };
        r = card.Ioctl(DRM_IOCTL_MODE_MAP_DUMB, ref map);
        t.Step("dumb.map", r, $"offset=0x{map.offset:x}");
        using (MappedRegion mapped = card.Map((nuint)create.size, (long)map.offset).Value)
        {
            byte before = mapped.Span[100];
            mapped.Span[100] = 0x5a;
            t.Observe("dumb.mmap", $"zeroed={before == 0} written={mapped.Span[100]:x2}");
        }

        t.Step("dumb.mmap.past-end", MapError(card, (nuint)create.size * 2, (long)map.offset));
        t.Step("dumb.mmap.unknown-offset", MapError(card, 4096, (long)map.offset + 0x100000));
        var mapFlags = new drm_mode_map_dumb { handle = create.handle, pad = 1 };
        t.Step("dumb.map.pad", card.Ioctl(DRM_IOCTL_MODE_MAP_DUMB, ref mapFlags));
        var mapMissing = new drm_mode_map_dumb { handle = 999 };
        t.Step("dumb.map.unknown-handle", card.Ioctl(DRM_IOCTL_MODE_MAP_DUMB, ref mapMissing));

        var destroy = new drm_mode_destroy_dumb { handle = create.handle };
        t.Step("dumb.destroy", card.Ioctl(DRM_IOCTL_MODE_DESTROY_DUMB, ref destroy));
        t.Step("dumb.destroy.again", card.Ioctl(DRM_IOCTL_MODE_DESTROY_DUMB, ref destroy));
        var again = new drm_mode_create_dumb { width = 1024, height = 1, bpp = 32 };
        r = card.Ioctl(DRM_IOCTL_MODE_CREATE_DUMB, ref again);
        t.Step("dumb.create.reuses-handle", r, $"handle={again.handle}");
        var close = new drm_gem_close { handle = again.handle };
        t.Step("gem.close", card.Ioctl(DRM_IOCTL_GEM_CLOSE, ref close));
        t.Step("gem.close.again", card.Ioctl(DRM_IOCTL_GEM_CLOSE, ref close));
        var padded = new drm_gem_close { handle = 1, pad = 1 };
        t.Step("gem.close.pad", card.Ioctl(DRM_IOCTL_GEM_CLOSE, ref padded));
        var zero = new drm_gem_close { handle = 0 };
        t.Step("gem.close.zero", card.Ioctl(DRM_IOCTL_GEM_CLOSE, ref zero));
    }

    private static void FlinkAndOpen(ILaneHost host, Transcript t, DeviceFile card, DeviceFile render)
    {
        uint handle = Dumb(card, 8192);
        var flink = new drm_gem_flink { handle = handle };
        SysResult r = card.Ioctl(DRM_IOCTL_GEM_FLINK, ref flink);
        t.Step("gem.flink", r, $"name={flink.name}");
        var flinkAgain = new drm_gem_flink { handle = handle };
        r = card.Ioctl(DRM_IOCTL_GEM_FLINK, ref flinkAgain);
        t.Step("gem.flink.again", r, $"same-name={flinkAgain.name == flink.name}");
        var flinkMissing = new drm_gem_flink { handle = 999 };
        t.Step("gem.flink.unknown-handle", card.Ioctl(DRM_IOCTL_GEM_FLINK, ref flinkMissing));
        var flinkRender = new drm_gem_flink { handle = handle };
        t.Step("gem.flink.render-node", render.Ioctl(DRM_IOCTL_GEM_FLINK, ref flinkRender));

        using DeviceFile second = DeviceFile.Open(host.Kernel, Paths.Card).Value;
        var open = new drm_gem_open { name = flink.name };
        r = second.Ioctl(DRM_IOCTL_GEM_OPEN, ref open);
        t.Step("gem.open", r, $"handle={open.handle} size={open.size}");
        var openAgain = new drm_gem_open { name = flink.name };
        r = second.Ioctl(DRM_IOCTL_GEM_OPEN, ref openAgain);
        t.Step("gem.open.again", r, $"handle={openAgain.handle}");
        var openMissing = new drm_gem_open { name = 999 };
        t.Step("gem.open.unknown-name", second.Ioctl(DRM_IOCTL_GEM_OPEN, ref openMissing));
        var openRender = new drm_gem_open { name = flink.name };
        t.Step("gem.open.render-node", render.Ioctl(DRM_IOCTL_GEM_OPEN, ref openRender));

        // The name lives as long as the object: closing every handle frees it.
        var close = new drm_gem_close { handle = handle };
        card.Ioctl(DRM_IOCTL_GEM_CLOSE, ref close);
        close.handle = open.handle;
        second.Ioctl(DRM_IOCTL_GEM_CLOSE, ref close);
        close.handle = openAgain.handle;
        t.Step("gem.close.last-handle", second.Ioctl(DRM_IOCTL_GEM_CLOSE, ref close));
        var openGone = new drm_gem_open { name = flink.name };
        t.Step("gem.open.after-close", second.Ioctl(DRM_IOCTL_GEM_OPEN, ref openGone));
    }

    private static void Prime(Transcript t, DeviceFile card, DeviceFile render)
    {
        uint handle = Dumb(card, 4096);
        var export = new drm_prime_handle { handle = handle, flags = DrmCloexecReadWrite };
        SysResult r = card.Ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref export);
        t.StepFd("prime.handle-to-fd", r.IsSuccess ? SysResult.Success(export.fd) : r);
        using DeviceFile buffer = new(new SafeFileDescriptor(card.Backend, export.fd));

        var exportAgain = new drm_prime_handle { handle = handle, flags = DrmCloexecReadWrite };
        r = card.Ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref exportAgain);
        bool same = r.IsSuccess && SameFile(buffer, exportAgain.fd);
        t.Step("prime.handle-to-fd.again", r.IsSuccess ? SysResult.Success(0) : r, $"same-dma-buf={same}");
        if (r.IsSuccess)
        {
            card.Backend.Close(exportAgain.fd);
        }

        var badFlags = new drm_prime_handle { handle = handle, flags = 0x4 };
        t.Step("prime.handle-to-fd.bad-flags", card.Ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref badFlags));
        var missing = new drm_prime_handle { handle = 999, flags = DrmCloexecReadWrite };
        t.Step("prime.handle-to-fd.unknown-handle", card.Ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref missing));

        var self = new drm_prime_handle { fd = export.fd };
        r = card.Ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref self);
        t.Step("prime.fd-to-handle.same-file", r, $"handle-is-original={self.handle == handle}");
        var onRender = new drm_prime_handle { fd = export.fd };
        r = render.Ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref onRender);
        t.Step("prime.fd-to-handle.render-node", r, $"handle={onRender.handle}");
        var renderExport = new drm_prime_handle { handle = onRender.handle, flags = DrmCloexecReadWrite };
        r = render.Ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref renderExport);
        bool sameFromRender = r.IsSuccess && SameFile(buffer, renderExport.fd);
        t.Step("prime.handle-to-fd.render-node", r.IsSuccess ? SysResult.Success(0) : r, $"same-dma-buf={sameFromRender}");
        if (r.IsSuccess)
        {
            card.Backend.Close(renderExport.fd);
        }

        var notDmaBuf = new drm_prime_handle { fd = card.Handle.Fd };
        t.Step("prime.fd-to-handle.not-dma-buf", card.Ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref notDmaBuf));
        var badFd = new drm_prime_handle { fd = -1 };
        t.Step("prime.fd-to-handle.bad-fd", card.Ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref badFd));

        var close = new drm_gem_close { handle = handle };
        t.Step("prime.gem-close.exported", card.Ioctl(DRM_IOCTL_GEM_CLOSE, ref close));
        var reimport = new drm_prime_handle { fd = export.fd };
        r = card.Ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref reimport);
        t.Step("prime.fd-to-handle.after-close", r, $"handle={reimport.handle}");
        close.handle = reimport.handle;
        card.Ioctl(DRM_IOCTL_GEM_CLOSE, ref close);
        close.handle = onRender.handle;
        render.Ioctl(DRM_IOCTL_GEM_CLOSE, ref close);
    }

    private static void UnknownNumbers(Transcript t, DeviceFile card)
    {
        // A legacy core number the kernel keeps as a no-op, one past the
        // core table, a driver number past vgem's two and the last driver number, and a modesetting
        // ioctl on a driver without modesetting.
        var draw = new drm_update_draw();
        t.Step("drm.core.update-draw", card.Ioctl(DRM_IOCTL_UPDATE_DRAW, ref draw));
        t.Step("drm.core.past-table", card.Ioctl(IoctlNumber(0xff, 8), new byte[8]));
        t.Step("drm.driver.unknown", card.Ioctl(IoctlNumber(0x40 + 0x5, 8), new byte[8]));
        t.Step("drm.driver.far", card.Ioctl(IoctlNumber(0x9f, 8), new byte[8]));
        var resources = new drm_mode_card_res();
        t.Step("drm.mode-getresources", card.Ioctl(DRM_IOCTL_MODE_GETRESOURCES, ref resources));
    }

    private static void Syncobj(Transcript t, DeviceFile card)
    {
        // vgem has no DRIVER_SYNCOBJ: drm_syncobj_create_ioctl is EOPNOTSUPP.
        var create = new drm_syncobj_create();
        t.Step("syncobj.create", card.Ioctl(DRM_IOCTL_SYNCOBJ_CREATE, ref create));
        var destroy = new drm_syncobj_destroy { handle = 1 };
        t.Step("syncobj.destroy", card.Ioctl(DRM_IOCTL_SYNCOBJ_DESTROY, ref destroy));
    }

    internal const uint DrmCloexecReadWrite = 0x80000 | 2; // DRM_CLOEXEC | DRM_RDWR

    internal static uint Dumb(DeviceFile card, uint bytes)
    {
        var create = new drm_mode_create_dumb { width = 1024, height = (bytes + 4095) / 4096, bpp = 32 };
        card.Ioctl(DRM_IOCTL_MODE_CREATE_DUMB, ref create).ThrowIfError("DRM_IOCTL_MODE_CREATE_DUMB");
        return create.handle;
    }

    internal static bool SameFile(DeviceFile file, int fd)
    {
        FileStatus a = file.Stat().Value;
        SysResult<FileStatus> b = file.Backend.Stat(fd);
        return b.IsSuccess && a.Device == b.Value.Device && a.Inode == b.Value.Inode;
    }

    internal static SysResult MapError(DeviceFile file, nuint length, long offset)
    {
        SysResult<MappedRegion> mapped = file.Map(length, offset);
        return mapped.IsSuccess ? Unmap(mapped.Value) : SysResult.Failure(mapped.Error);
    }

    private static SysResult Unmap(MappedRegion region)
    {
        region.Dispose();
        return SysResult.Success(0);
    }

    // _IOWR('d', nr, size): what an unknown request looks like on x86_64.
    private static ulong IoctlNumber(uint nr, uint size) => (3UL << 30) | ((ulong)size << 16) | ((ulong)'d' << 8) | nr;

    private static string Text(byte* bytes, nuint length) => Encoding.ASCII.GetString(bytes, (int)Math.Min(length, 64));
}
