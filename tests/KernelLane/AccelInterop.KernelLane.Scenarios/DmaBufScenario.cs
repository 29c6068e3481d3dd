using System.Text;
using AccelInterop.KernelLane.Uapi.Dmabuf;
using AccelInterop.KernelLane.Uapi.Drm;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using static AccelInterop.KernelLane.Uapi.Dmabuf.Dmabuf;
using static AccelInterop.KernelLane.Uapi.Drm.Drm;

namespace AccelInterop.KernelLane;

/// <summary>vgem fences, sync_file export and poll, and the dma-buf file's own ioctls and mmap, on a vgem buffer shared by PRIME.</summary>
internal static unsafe class DmaBufScenario
{
    public static void Run(ILaneHost host, Transcript t)
    {
        using DeviceFile card = DeviceFile.Open(host.Kernel, Paths.Card).Value;
        uint handle = DrmCoreScenario.Dumb(card, 8192);
        var export = new drm_prime_handle { handle = handle, flags = DrmCoreScenario.DrmCloexecReadWrite };
        card.Ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref export).ThrowIfError("DRM_IOCTL_PRIME_HANDLE_TO_FD");
        using DeviceFile buffer = new(new SafeFileDescriptor(card.Backend, export.fd));
        Fences(t, card, buffer, handle);
        FileIoctls(host, t, buffer);
        Mmap(t, card, buffer, handle);
    }

    private static void Fences(Transcript t, DeviceFile card, DeviceFile buffer, uint handle)
    {
        foreach ((string tag, uint flags, uint pad, uint target) in new[] { ("bad-flags", 2u, 0u, handle), ("pad", 0u, 1u, handle), ("unknown-handle", 0u, 0u, 999u) })
        {
            var bad = new drm_vgem_fence_attach { handle = target, flags = flags, pad = pad };
            t.Step($"vgem.fence-attach.{tag}", card.Ioctl(DRM_IOCTL_VGEM_FENCE_ATTACH, ref bad));
        }

        t.StepFd("sync-file.export.empty", ExportSyncFile(buffer, DMA_BUF_SYNC_WRITE, out DeviceFile? stub));
        using (stub)
        {
            t.Step("sync-file.poll.empty", PollResult(stub));
        }

        var read = new drm_vgem_fence_attach { handle = handle };
        SysResult r = card.Ioctl(DRM_IOCTL_VGEM_FENCE_ATTACH, ref read);
        t.Step("vgem.fence-attach.read", r, $"fence={read.out_fence}");
        t.Step("dma-buf.poll.read-fenced", PollResult(buffer, PollEvents.In | PollEvents.Out));
        var write = new drm_vgem_fence_attach { handle = handle, flags = (uint)VGEM_FENCE_WRITE };
        t.Step("vgem.fence-attach.write-over-reader", card.Ioctl(DRM_IOCTL_VGEM_FENCE_ATTACH, ref write));

        foreach ((string tag, uint flags) in new[] { ("zero", 0u), ("bad", 4u), ("rw-and-more", (uint)DMA_BUF_SYNC_RW | 8u) })
        {
            var bad = new dma_buf_export_sync_file { flags = flags };
            t.Step($"sync-file.export.flags-{tag}", buffer.Ioctl(DMA_BUF_IOCTL_EXPORT_SYNC_FILE, ref bad));
        }

        t.StepFd("sync-file.export.for-reader", ExportSyncFile(buffer, DMA_BUF_SYNC_READ, out DeviceFile? forReader));
        t.StepFd("sync-file.export.for-writer", ExportSyncFile(buffer, DMA_BUF_SYNC_WRITE, out DeviceFile? forWriter));
        using (forReader)
        using (forWriter)
        {
            t.Step("sync-file.poll.for-reader", PollResult(forReader));
            t.Step("sync-file.poll.for-writer.pending", PollResult(forWriter));

            var signal = new drm_vgem_fence_signal { fence = read.out_fence };
            t.Step("vgem.fence-signal", card.Ioctl(DRM_IOCTL_VGEM_FENCE_SIGNAL, ref signal));
            t.Step("sync-file.poll.for-writer.signalled", PollResult(forWriter));
            t.Step("vgem.fence-signal.again", card.Ioctl(DRM_IOCTL_VGEM_FENCE_SIGNAL, ref signal));
        }

        var signalBad = new drm_vgem_fence_signal { fence = 999 };
        t.Step("vgem.fence-signal.unknown", card.Ioctl(DRM_IOCTL_VGEM_FENCE_SIGNAL, ref signalBad));
        var signalFlags = new drm_vgem_fence_signal { fence = read.out_fence, flags = 1 };
        t.Step("vgem.fence-signal.flags", card.Ioctl(DRM_IOCTL_VGEM_FENCE_SIGNAL, ref signalFlags));

        var writer = new drm_vgem_fence_attach { handle = handle, flags = (uint)VGEM_FENCE_WRITE };
        r = card.Ioctl(DRM_IOCTL_VGEM_FENCE_ATTACH, ref writer);
        t.Step("vgem.fence-attach.write", r, $"fence={writer.out_fence}");
        t.Step("dma-buf.poll.write-fenced", PollResult(buffer, PollEvents.In | PollEvents.Out));
        var reader = new drm_vgem_fence_attach { handle = handle };
        t.Step("vgem.fence-attach.read-over-writer", card.Ioctl(DRM_IOCTL_VGEM_FENCE_ATTACH, ref reader));
        var signalWriter = new drm_vgem_fence_signal { fence = writer.out_fence };
        t.Step("vgem.fence-signal.write", card.Ioctl(DRM_IOCTL_VGEM_FENCE_SIGNAL, ref signalWriter));
        t.Step("dma-buf.poll.idle", PollResult(buffer, PollEvents.In | PollEvents.Out));

        // A sync_file imported as a write fence makes the buffer busy for both directions until it signals.
        var pending = new drm_vgem_fence_attach { handle = handle };
        card.Ioctl(DRM_IOCTL_VGEM_FENCE_ATTACH, ref pending).ThrowIfError("DRM_IOCTL_VGEM_FENCE_ATTACH");
        ExportSyncFile(buffer, DMA_BUF_SYNC_WRITE, out DeviceFile? toImport).ThrowIfError("DMA_BUF_IOCTL_EXPORT_SYNC_FILE");
        using (toImport)
        {
            var import = new dma_buf_import_sync_file { flags = (uint)DMA_BUF_SYNC_WRITE, fd = toImport!.Handle.Fd };
            t.Step("sync-file.import.write", buffer.Ioctl(DMA_BUF_IOCTL_IMPORT_SYNC_FILE, ref import));
            var importBad = new dma_buf_import_sync_file { flags = 4, fd = toImport.Handle.Fd };
            t.Step("sync-file.import.bad-flags", buffer.Ioctl(DMA_BUF_IOCTL_IMPORT_SYNC_FILE, ref importBad));
            var importNotSync = new dma_buf_import_sync_file { flags = (uint)DMA_BUF_SYNC_READ, fd = card.Handle.Fd };
            t.Step("sync-file.import.not-sync-file", buffer.Ioctl(DMA_BUF_IOCTL_IMPORT_SYNC_FILE, ref importNotSync));
            t.Step("dma-buf.poll.after-import", PollResult(buffer, PollEvents.In));
        }

        var last = new drm_vgem_fence_signal { fence = pending.out_fence };
        t.Step("vgem.fence-signal.imported", card.Ioctl(DRM_IOCTL_VGEM_FENCE_SIGNAL, ref last));
        t.Step("dma-buf.poll.idle-again", PollResult(buffer, PollEvents.In | PollEvents.Out));
    }

    private static void FileIoctls(ILaneHost host, Transcript t, DeviceFile buffer)
    {
        foreach ((string tag, ulong flags) in new[]
        {
            ("start-rw", (ulong)(DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW)), ("end-rw", (ulong)(DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW)),
            ("no-direction", (ulong)DMA_BUF_SYNC_START), ("unknown-bit", (ulong)(DMA_BUF_SYNC_RW | 8)), ("start-read", (ulong)(DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ)),
        })
        {
            var sync = new dma_buf_sync { flags = flags };
            t.Step($"dma-buf.sync.{tag}", buffer.Ioctl(DMA_BUF_IOCTL_SYNC, ref sync));
        }

        t.Step("dma-buf.set-name", SetName(host, buffer, "lane frames"));
        t.Step("dma-buf.set-name.31", SetName(host, buffer, new string('a', 31)));
        t.Step("dma-buf.set-name.32", SetName(host, buffer, new string('b', 32)));
        t.Step("dma-buf.set-name.bad-pointer", buffer.Ioctl(DMA_BUF_SET_NAME_B.Value, (void*)0x1000));
        t.Step("dma-buf.unknown-ioctl", buffer.Ioctl((3UL << 30) | (8UL << 16) | ((ulong)'b' << 8) | 0x3f, new byte[8]));
    }

    private static void Mmap(Transcript t, DeviceFile card, DeviceFile buffer, uint handle)
    {
        var map = new drm_mode_map_dumb { handle = handle };
        card.Ioctl(DRM_IOCTL_MODE_MAP_DUMB, ref map).ThrowIfError("DRM_IOCTL_MODE_MAP_DUMB");
        SysResult<MappedRegion> viaDmaBuf = buffer.Map(8192);
        t.Step("dma-buf.mmap", viaDmaBuf.IsSuccess ? SysResult.Success(0) : SysResult.Failure(viaDmaBuf.Error));
        if (viaDmaBuf.IsSuccess)
        {
            using MappedRegion view = viaDmaBuf.Value;
            using MappedRegion gem = card.Map(8192, (long)map.offset).Value;
            view.Span[8191] = 0xa5;
            gem.Span[0] = 0x3c;
            t.Observe("dma-buf.mmap.shared", $"gem-sees={gem.Span[8191]:x2} dma-buf-sees={view.Span[0]:x2}");
        }

        t.Step("dma-buf.mmap.too-long", DrmCoreScenario.MapError(buffer, 3 * 4096, 0));
        t.Step("dma-buf.mmap.offset-past", DrmCoreScenario.MapError(buffer, 4096, 8192));
        t.Step("dma-buf.mmap.private", MapPrivate(buffer));
    }

    private static SysResult MapPrivate(DeviceFile buffer)
    {
        SysResult<MappedRegion> mapped = buffer.Map(4096, 0, MemoryProtection.ReadWrite, MapFlags.Private);
        if (!mapped.IsSuccess)
        {
            return SysResult.Failure(mapped.Error);
        }

        mapped.Value.Dispose();
        return SysResult.Success(0);
    }

    internal static SysResult ExportSyncFile(DeviceFile buffer, ulong flags, out DeviceFile? syncFile)
    {
        var export = new dma_buf_export_sync_file { flags = (uint)flags };
        SysResult r = buffer.Ioctl(DMA_BUF_IOCTL_EXPORT_SYNC_FILE, ref export);
        syncFile = r.IsSuccess ? new DeviceFile(new SafeFileDescriptor(buffer.Backend, export.fd)) : null;
        return r.IsSuccess ? SysResult.Success(export.fd) : r;
    }

    /// <summary>A zero-timeout poll, its revents as the value.</summary>
    internal static SysResult PollResult(DeviceFile? file, PollEvents events = PollEvents.In)
    {
        if (file is null)
        {
            return SysResult.Failure(Errno.EBADF);
        }

        SysResult<PollEvents> polled = file.Poll(events, 0);
        return polled.IsSuccess ? SysResult.Success((int)polled.Value) : SysResult.Failure(polled.Error);
    }

    private static SysResult SetName(ILaneHost host, DeviceFile buffer, string name)
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes(name), 0];
        fixed (byte* pointer = bytes)
        {
            using var shared = host.ShareMemory(pointer, (nuint)bytes.Length);
            return buffer.Ioctl(DMA_BUF_SET_NAME_B.Value, pointer);
        }
    }
}
