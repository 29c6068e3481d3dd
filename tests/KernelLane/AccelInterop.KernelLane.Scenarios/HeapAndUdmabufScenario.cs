using AccelInterop.KernelLane.Uapi.Dmabuf;
using AccelInterop.KernelLane.Uapi.Drm;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using static AccelInterop.KernelLane.Uapi.Dmabuf.Dmabuf;
using static AccelInterop.KernelLane.Uapi.Drm.Drm;

namespace AccelInterop.KernelLane;

/// <summary>The system dma-heap's and udmabuf's creation rules, and their buffers imported into vgem.</summary>
internal static class HeapAndUdmabufScenario
{
    private const uint ReadWriteCloexec = 0x80000 | 2; // O_CLOEXEC | O_RDWR
    private const uint SealShrink = 0x2, SealWrite = 0x8; // F_SEAL_SHRINK, F_SEAL_WRITE (include/uapi/linux/fcntl.h)

    public static void Run(ILaneHost host, Transcript t)
    {
        using DeviceFile card = DeviceFile.Open(host.Kernel, Paths.Card).Value;
        using (DeviceFile heap = DeviceFile.Open(host.Kernel, Paths.SystemHeap).Value)
        {
            Heap(t, card, heap);
        }

        using DeviceFile udmabuf = DeviceFile.Open(host.Kernel, Paths.Udmabuf).Value;
        Udmabuf(host, t, card, udmabuf);
    }

    private static void Heap(Transcript t, DeviceFile card, DeviceFile heap)
    {
        foreach ((string tag, ulong length, uint fd, uint fdFlags, ulong heapFlags) in new[]
        {
            ("zero-length", 0UL, 0u, ReadWriteCloexec, 0UL), ("fd-set", 4096UL, 3u, ReadWriteCloexec, 0UL),
            ("bad-fd-flags", 4096UL, 0u, ReadWriteCloexec | 0x40, 0UL), ("heap-flags", 4096UL, 0u, ReadWriteCloexec, 1UL),
        })
        {
            var bad = new dma_heap_allocation_data { len = length, fd = fd, fd_flags = fdFlags, heap_flags = heapFlags };
            t.Step($"heap.alloc.{tag}", heap.Ioctl(DMA_HEAP_IOCTL_ALLOC, ref bad));
        }

        var alloc = new dma_heap_allocation_data { len = 5000, fd_flags = ReadWriteCloexec };
        SysResult r = heap.Ioctl(DMA_HEAP_IOCTL_ALLOC, ref alloc);
        t.StepFd("heap.alloc", r.IsSuccess ? SysResult.Success((int)alloc.fd) : r);
        using DeviceFile buffer = new(new SafeFileDescriptor(heap.Backend, (int)alloc.fd));
        using (MappedRegion view = buffer.Map(8192).Value)
        {
            t.Observe("heap.mmap.rounded", $"zeroed={view.Span[8191] == 0}");
        }

        t.Step("heap.mmap.past-end", DrmCoreScenario.MapError(buffer, 3 * 4096, 0));
        var sync = new dma_buf_sync { flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW };
        t.Step("heap.dma-buf.sync", buffer.Ioctl(DMA_BUF_IOCTL_SYNC, ref sync));

        var import = new drm_prime_handle { fd = (int)alloc.fd };
        r = card.Ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref import);
        t.Step("heap.import-into-vgem", r, $"handle={import.handle}");
        if (r.IsSuccess)
        {
            var close = new drm_gem_close { handle = import.handle };
            card.Ioctl(DRM_IOCTL_GEM_CLOSE, ref close);
        }

        // The heap device knows one command, by number: others are ENOTTY, a short ALLOC is EINVAL-or-worse.
        t.Step("heap.unknown-ioctl", heap.Ioctl((3UL << 30) | (24UL << 16) | ((ulong)'H' << 8) | 0x1, new byte[24]));
        t.Step("heap.alloc.short-size", heap.Ioctl((3UL << 30) | (16UL << 16) | ((ulong)'H' << 8) | 0x0, new byte[16]));
    }

    private static void Udmabuf(ILaneHost host, Transcript t, DeviceFile card, DeviceFile udmabuf)
    {
        int sealedFd = host.CreateMemfd(3 * 4096, SealShrink).ThrowIfError("memfd");
        int unsealedFd = host.CreateMemfd(3 * 4096, 0).ThrowIfError("memfd");
        int writeSealedFd = host.CreateMemfd(3 * 4096, SealShrink | SealWrite).ThrowIfError("memfd");
        using var sealedFile = new DeviceFile(new SafeFileDescriptor(host.Kernel, sealedFd));
        using var unsealedFile = new DeviceFile(new SafeFileDescriptor(host.Kernel, unsealedFd));
        using var writeSealedFile = new DeviceFile(new SafeFileDescriptor(host.Kernel, writeSealedFd));

        // udmabuf.c:udmabuf_create reads only UDMABUF_FLAGS_CLOEXEC: other flag bits are ignored, not refused.
        var unknownFlag = new udmabuf_create { memfd = (uint)sealedFd, flags = 2, offset = 0, size = 4096 };
        SysResult accepted = t.StepFd("udmabuf.create.unknown-flag", udmabuf.Ioctl(UDMABUF_CREATE, ref unknownFlag));
        if (accepted.IsSuccess)
        {
            host.Kernel.Close(accepted.Value);
        }

        foreach ((string tag, int fd, uint flags, ulong offset, ulong size) in new[]
        {
            ("unaligned-offset", sealedFd, 0u, 100UL, 4096UL), ("unaligned-size", sealedFd, 0u, 0UL, 100UL),
            ("zero-size", sealedFd, 0u, 0UL, 0UL),
            ("past-end", sealedFd, 0u, 4096UL, 3 * 4096UL), ("not-sealed", unsealedFd, 0u, 0UL, 4096UL),
            ("write-sealed", writeSealedFd, 0u, 0UL, 4096UL), ("not-memfd", card.Handle.Fd, 0u, 0UL, 4096UL),
        })
        {
            var bad = new udmabuf_create { memfd = (uint)fd, flags = flags, offset = offset, size = size };
            t.Step($"udmabuf.create.{tag}", udmabuf.Ioctl(UDMABUF_CREATE, ref bad));
        }

        var create = new udmabuf_create { memfd = (uint)sealedFd, flags = (uint)UDMABUF_FLAGS_CLOEXEC, offset = 4096, size = 8192 };
        SysResult r = udmabuf.Ioctl(UDMABUF_CREATE, ref create);
        t.StepFd("udmabuf.create", r);
        if (!r.IsSuccess)
        {
            return;
        }

        using DeviceFile buffer = new(new SafeFileDescriptor(host.Kernel, r.Value));
        using (MappedRegion pages = sealedFile.Map(3 * 4096).Value)
        using (MappedRegion view = buffer.Map(8192).Value)
        {
            pages.Span[4096] = 0x11;
            pages.Span[3 * 4096 - 1] = 0x22;
            t.Observe("udmabuf.mmap.shares-memfd", $"first={view.Span[0]:x2} last={view.Span[8191]:x2}");
        }

        t.Step("udmabuf.mmap.too-long", DrmCoreScenario.MapError(buffer, 3 * 4096, 0));
        var import = new drm_prime_handle { fd = r.Value };
        SysResult imported = card.Ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref import);
        t.Step("udmabuf.import-into-vgem", imported, $"handle={import.handle}");
        if (imported.IsSuccess)
        {
            var close = new drm_gem_close { handle = import.handle };
            card.Ioctl(DRM_IOCTL_GEM_CLOSE, ref close);
        }

        t.Step("udmabuf.unknown-ioctl", udmabuf.Ioctl((3UL << 30) | (8UL << 16) | ((ulong)'u' << 8) | 0x7, new byte[8]));
        CreateList(host, t, udmabuf, sealedFd);
    }

    // UDMABUF_CREATE_LIST: the head (flags, count), then count items (memfd, pad, offset, size).
    private static void CreateList(ILaneHost host, Transcript t, DeviceFile udmabuf, int memfd)
    {
        t.StepFd("udmabuf.create-list", CreateList(host, udmabuf, (uint)UDMABUF_FLAGS_CLOEXEC, 2, [(memfd, 0, 4096), (memfd, 8192, 4096)]));
        t.Step("udmabuf.create-list.zero-count", CreateList(host, udmabuf, 0, 0, []));
        t.Step("udmabuf.create-list.over-limit", CreateList(host, udmabuf, 0, 1025, []));
        t.Step("udmabuf.create-list.unaligned-item", CreateList(host, udmabuf, 0, 2, [(memfd, 0, 4096), (memfd, 100, 4096)]));
        t.Step("udmabuf.create-list.past-end", CreateList(host, udmabuf, 0, 1, [(memfd, 8192, 8192)]));
    }

    private static SysResult CreateList(ILaneHost host, DeviceFile udmabuf, uint flags, uint count, (int Memfd, ulong Offset, ulong Size)[] items)
    {
        byte[] argument = new byte[8 + (24 * items.Length)];
        BitConverter.TryWriteBytes(argument.AsSpan(0), flags);
        BitConverter.TryWriteBytes(argument.AsSpan(4), count);
        for (int i = 0; i < items.Length; i++)
        {
            Span<byte> item = argument.AsSpan(8 + (24 * i));
            BitConverter.TryWriteBytes(item, (uint)items[i].Memfd);
            BitConverter.TryWriteBytes(item[8..], items[i].Offset);
            BitConverter.TryWriteBytes(item[16..], items[i].Size);
        }

        SysResult r = udmabuf.Ioctl(UDMABUF_CREATE_LIST.Value, argument);
        if (r.IsSuccess)
        {
            new DeviceFile(new SafeFileDescriptor(host.Kernel, r.Value)).Dispose();
        }

        return r;
    }
}
