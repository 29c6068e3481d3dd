using System.Text;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Dmabuf;
using AccelInterop.Simulation.Tests.Vgem;
using AccelInterop.Simulation.Vgem;
using static AccelInterop.Simulation.Tests.Uapi.Dmabuf.Dmabuf;

namespace AccelInterop.Simulation.Tests.DmaBufs;

/// <summary>The dma-buf file (drivers/dma-buf/dma-buf.c: dma_buf_ioctl, dma_buf_poll) through the generated dma-buf.h bindings.</summary>
public sealed class DmaBufFileTests
{
    [Fact]
    public unsafe void Sync_refuses_unknown_flags_and_a_missing_direction_with_EINVAL()
    {
        using var rig = new ExporterRig();
        using DeviceFile buffer = rig.Allocate(4096);
        foreach (ulong flags in new ulong[] { 8, 1UL << 40, 0, DMA_BUF_SYNC_END })
        {
            var sync = new dma_buf_sync { flags = flags };
            Assert.Equal(Errno.EINVAL, buffer.Ioctl(DMA_BUF_IOCTL_SYNC, ref sync).Error);
        }

        foreach (ulong flags in new ulong[] { DMA_BUF_SYNC_READ, DMA_BUF_SYNC_WRITE, DMA_BUF_SYNC_RW, DMA_BUF_SYNC_RW | DMA_BUF_SYNC_END })
        {
            var sync = new dma_buf_sync { flags = flags };
            Assert.True(buffer.Ioctl(DMA_BUF_IOCTL_SYNC, ref sync).IsSuccess);
        }

        Assert.Equal(Errno.EFAULT, buffer.Ioctl(DMA_BUF_IOCTL_SYNC.Value, (void*)null).Error);
        Assert.Equal(Errno.ENOTTY, buffer.Ioctl(IoctlEncoding.Current.Encode(IoctlDirection.Write, (byte)'b', 9, 8), (void*)null).Error);
    }

    [Fact]
    public void Sync_start_waits_for_the_implicit_fences_of_its_direction()
    {
        using var rig = new VgemRig(new SimulationOptions { Seed = 3 });
        uint handle = rig.Dumb();
        rig.Attach(handle, write: false);
        using DeviceFile buffer = rig.Export(handle);
        long start = rig.Kernel.MonotonicNanoseconds;

        // A reader does not wait for readers; a writer does (until the vgem timer fires, here on virtual time).
        var read = new dma_buf_sync { flags = DMA_BUF_SYNC_READ };
        Assert.True(buffer.Ioctl(DMA_BUF_IOCTL_SYNC, ref read).IsSuccess);
        Assert.Equal(start, rig.Kernel.MonotonicNanoseconds);
        var write = new dma_buf_sync { flags = DMA_BUF_SYNC_WRITE };
        Assert.True(buffer.Ioctl(DMA_BUF_IOCTL_SYNC, ref write).IsSuccess);
        Assert.Equal(VgemFence.Timeout, rig.Kernel.MonotonicNanoseconds - start);
    }

    [Fact]
    public unsafe void Set_name_takes_up_to_31_bytes_and_a_NUL_else_EINVAL_and_an_unreadable_name_is_EFAULT()
    {
        using var rig = new ExporterRig();
        using DeviceFile buffer = rig.Allocate(4096);
        Assert.Equal(0, DmaBuf.Get(rig.Process, buffer.Handle.Fd, out DmaBuf? dmaBuf));
        dmaBuf!.File.Put();

        Assert.Equal(Errno.None, SetName(rig, buffer, DMA_BUF_SET_NAME_B.Value, "camera frames"));
        Assert.Equal("camera frames", dmaBuf.Name);
        Assert.Equal(Errno.None, SetName(rig, buffer, DMA_BUF_SET_NAME_A.Value, new string('a', DMA_BUF_NAME_LEN - 1)));
        Assert.Equal(new string('a', 31), dmaBuf.Name);
        Assert.Equal(Errno.EINVAL, SetName(rig, buffer, DMA_BUF_SET_NAME_B.Value, new string('b', DMA_BUF_NAME_LEN))); // strndup_user: no NUL in 32
        Assert.Equal(new string('a', 31), dmaBuf.Name);
        Assert.Equal(Errno.EFAULT, buffer.Ioctl(DMA_BUF_SET_NAME_B.Value, (void*)0x1000).Error);

        // A name whose NUL is the last readable byte is fine: the kernel reads no further.
        byte[] tight = Encoding.ASCII.GetBytes("ok\0");
        using PinnedUserMemory pinned = rig.Process.Memory.Pin(tight);
        Assert.True(buffer.Ioctl(DMA_BUF_SET_NAME_B.Value, (void*)pinned.Address).IsSuccess);
        Assert.Equal("ok", dmaBuf.Name);
    }

    private static unsafe Errno SetName(ExporterRig rig, DeviceFile buffer, ulong command, string name)
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes(name), 0];
        using PinnedUserMemory pinned = rig.Process.Memory.Pin(bytes);
        return buffer.Ioctl(command, (void*)pinned.Address).Error;
    }

    [Fact]
    public void Export_sync_file_checks_flags_and_gives_the_fences_a_reader_or_a_writer_would_wait_for()
    {
        using var rig = new VgemRig();
        uint handle = rig.Dumb();
        using DeviceFile buffer = rig.Export(handle);
        foreach (uint flags in new uint[] { 0, 4, DMA_BUF_SYNC_RW | 8 })
        {
            var bad = new dma_buf_export_sync_file { flags = flags };
            Assert.Equal(Errno.EINVAL, buffer.Ioctl(DMA_BUF_IOCTL_EXPORT_SYNC_FILE, ref bad).Error);
        }

        // An empty reservation gives the signalled stub.
        using (DeviceFile stub = ExportSyncFile(rig, buffer, DMA_BUF_SYNC_WRITE))
        {
            Assert.Equal(PollEvents.In, stub.Poll(PollEvents.In, 0).Value);
        }

        uint first = rig.Attach(handle, write: false);
        uint second = rig.Attach(handle, write: false);
        using DeviceFile forReaders = ExportSyncFile(rig, buffer, DMA_BUF_SYNC_READ); // no writer: signalled
        using DeviceFile forWriters = ExportSyncFile(rig, buffer, DMA_BUF_SYNC_RW);   // both readers: a fence array
        Assert.Equal(PollEvents.In, forReaders.Poll(PollEvents.In, 0).Value);
        Assert.Equal(PollEvents.None, forWriters.Poll(PollEvents.In, 0).Value);
        Assert.IsType<DmaFenceArray>(SyncFile.GetFence(rig.Process, forWriters.Handle.Fd)).Put();
        rig.Signal(first);
        Assert.Equal(PollEvents.None, forWriters.Poll(PollEvents.In, 0).Value);
        rig.Signal(second);
        Assert.Equal(PollEvents.In, forWriters.Poll(PollEvents.In, 0).Value);
    }

    private static DeviceFile ExportSyncFile(VgemRig rig, DeviceFile buffer, uint flags)
    {
        var export = new dma_buf_export_sync_file { flags = flags, fd = -1 };
        buffer.IoctlOrThrow(DMA_BUF_IOCTL_EXPORT_SYNC_FILE, ref export);
        return rig.Exporters.Wrap(export.fd);
    }

    [Fact]
    public void Import_sync_file_adds_the_fence_as_a_read_or_write_and_poll_follows_the_reservation()
    {
        using var rig = new VgemRig();
        uint handle = rig.Dumb();
        using DeviceFile source = rig.Export(handle);
        using DeviceFile target = rig.Exporters.Allocate(4096);
        uint fence = rig.Attach(handle, write: true);
        using DeviceFile syncFile = ExportSyncFile(rig, source, DMA_BUF_SYNC_READ);

        foreach ((uint flags, int fd) in new (uint, int)[] { (0u, syncFile.Handle.Fd), (4u, syncFile.Handle.Fd), (DMA_BUF_SYNC_READ, target.Handle.Fd), (DMA_BUF_SYNC_READ, 999) })
        {
            var bad = new dma_buf_import_sync_file { flags = flags, fd = fd };
            Assert.Equal(Errno.EINVAL, target.Ioctl(DMA_BUF_IOCTL_IMPORT_SYNC_FILE, ref bad).Error); // sync_file_get_fence: not one -> EINVAL
        }

        // As a read: readers may go on (POLLIN), writers wait (no POLLOUT).
        Assert.Equal(PollEvents.In | PollEvents.Out, target.Poll(PollEvents.In | PollEvents.Out, 0).Value);
        var import = new dma_buf_import_sync_file { flags = DMA_BUF_SYNC_READ, fd = syncFile.Handle.Fd };
        target.IoctlOrThrow(DMA_BUF_IOCTL_IMPORT_SYNC_FILE, ref import);
        Assert.Equal(PollEvents.In, target.Poll(PollEvents.In | PollEvents.Out, 0).Value);

        // As a write: nobody may go on.
        using DeviceFile other = rig.Exporters.Allocate(4096);
        import = new dma_buf_import_sync_file { flags = DMA_BUF_SYNC_WRITE, fd = syncFile.Handle.Fd };
        other.IoctlOrThrow(DMA_BUF_IOCTL_IMPORT_SYNC_FILE, ref import);
        Assert.Equal(PollEvents.None, other.Poll(PollEvents.In | PollEvents.Out, 0).Value);
        Assert.Equal(PollEvents.None, source.Poll(PollEvents.In | PollEvents.Out, 0).Value);

        rig.Signal(fence);
        foreach (DeviceFile file in new[] { source, target, other })
        {
            Assert.Equal(PollEvents.In | PollEvents.Out, file.Poll(PollEvents.In | PollEvents.Out, 0).Value);
        }
    }

    [Fact]
    public async Task A_poller_sleeping_on_a_busy_dma_buf_wakes_when_the_fence_signals()
    {
        using var rig = new VgemRig();
        uint handle = rig.Dumb();
        uint fence = rig.Attach(handle, write: true);
        using DeviceFile buffer = rig.Export(handle);
        Task<PollEvents> poll = Task.Run(() => buffer.Poll(PollEvents.Out, 10_000).Value);
        await Task.Delay(20);
        Assert.False(poll.IsCompleted);
        rig.Signal(fence);
        Assert.Equal(PollEvents.Out, await poll.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Importers_attach_and_map_and_only_those_with_invalidate_mappings_are_revocable_and_told()
    {
        using var rig = new ExporterRig();
        using DeviceFile file = rig.Allocate(4096);
        Assert.Equal(0, DmaBuf.Get(rig.Process, file.Handle.Fd, out DmaBuf? buffer));
        var importer = new RecordingImporter();
        Assert.Equal(0, buffer!.Attach("dynamic device", importer, out DmaBufAttachment? dynamic));
        Assert.Equal(0, buffer.Attach("pinned device", null, out DmaBufAttachment? pinned));
        Assert.True(dynamic!.IsRevocable);
        Assert.False(pinned!.IsRevocable);
        Assert.Equal(0, buffer.MapAttachment(dynamic, out nint memory));
        Assert.Equal(memory, dynamic.Memory);
        Assert.Equal(2, rig.Kernel.Counts[DmaBuf.Attachments]);

        buffer.InvalidateMappings();
        Assert.Equal([dynamic], importer.Invalidated);
        Assert.False(dynamic.IsMapped); // the importer unmapped when told

        Assert.Equal(0, buffer.Vmap(out nint vaddr));
        Assert.Equal(0, buffer.Vmap(out nint again));
        Assert.Equal((vaddr, 2), (again, buffer.VmapCount));
        buffer.Vunmap();
        buffer.Vunmap();
        buffer.Detach(dynamic);
        buffer.Detach(pinned);
        buffer.File.Put();
        Assert.Equal(0, rig.Kernel.Counts[DmaBuf.Attachments]);
    }

    private sealed class RecordingImporter : IDmaBufImporter
    {
        public List<DmaBufAttachment> Invalidated { get; } = [];

        public void InvalidateMappings(DmaBufAttachment attachment)
        {
            Invalidated.Add(attachment);
            attachment.Buffer.UnmapAttachment(attachment);
        }
    }
}
