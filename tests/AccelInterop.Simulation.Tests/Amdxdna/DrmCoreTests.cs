using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Amdxdna;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;

namespace AccelInterop.Simulation.Tests.Amdxdna;

/// <summary>The DRM core ioctls (drm-core.md §1-§5) on the amdxdna device; names cite the section.</summary>
public sealed unsafe class DrmCoreTests
{
    private const amdxdna_bo_type Share = amdxdna_bo_type.AMDXDNA_BO_SHARE;

    [Fact]
    public void S1_version_reports_driver_name_date_and_description_with_full_lengths()
    {
        using var rig = new NpuRig();
        byte[] name = new byte[4];
        byte[] desc = new byte[64];
        var v = new drm_version { name = (nuint)rig.Pin(name), name_len = 4, desc = (nuint)rig.Pin(desc), desc_len = 64 };
        rig.File.IoctlOrThrow(DRM_IOCTL_VERSION, ref v);
        Assert.Equal((0, 10), (v.version_major, v.version_minor));
        // amdxdna_pci_drv.c:amdxdna_drm_drv: name "amdxdna_accel_driver", desc "AMD XDNA DRM implementation", 0.10.
        Assert.Equal("amdx", System.Text.Encoding.ASCII.GetString(name));
        Assert.Equal((nuint)"amdxdna_accel_driver".Length, v.name_len); // full length, copy truncated
        Assert.Equal((nuint)1, v.date_len); // "0"
        Assert.Equal("AMD XDNA DRM implementation", System.Text.Encoding.ASCII.GetString(desc, 0, (int)v.desc_len));
    }

    [Fact]
    public void S1_version_into_unregistered_memory_is_EFAULT()
    {
        using var rig = new NpuRig();
        var v = new drm_version { name = 0x5000, name_len = 8 };
        Assert.Equal(Errno.EFAULT, rig.File.Ioctl(DRM_IOCTL_VERSION, ref v).Error);
    }

    [Theory]
    [InlineData(DRM_CAP_TIMESTAMP_MONOTONIC, 1UL)]
    [InlineData(DRM_CAP_PRIME, 3UL)]
    [InlineData(DRM_CAP_SYNCOBJ, 1UL)]
    [InlineData(DRM_CAP_SYNCOBJ_TIMELINE, 1UL)]
    public void S1_get_cap_on_a_non_kms_driver(int capability, ulong expected)
    {
        using var rig = new NpuRig();
        var cap = new drm_get_cap { capability = (ulong)capability };
        rig.File.IoctlOrThrow(DRM_IOCTL_GET_CAP, ref cap);
        Assert.Equal(expected, cap.value);
    }

    [Fact]
    public void S1_get_cap_of_a_kms_capability_is_EOPNOTSUPP()
    {
        using var rig = new NpuRig();
        var cap = new drm_get_cap { capability = DRM_CAP_DUMB_BUFFER };
        Assert.Equal(Errno.EOPNOTSUPP, rig.File.Ioctl(DRM_IOCTL_GET_CAP, ref cap).Error);
    }

    [Fact]
    public void Set_client_cap_without_modesetting_is_EOPNOTSUPP_per_the_72_kernel()
    {
        using var rig = new NpuRig();
        var cap = new drm_set_client_cap { capability = DRM_CLIENT_CAP_STEREO_3D, value = 1 };
        Assert.Equal(Errno.EOPNOTSUPP, rig.File.Ioctl(DRM_IOCTL_SET_CLIENT_CAP, ref cap).Error);
    }

    [Fact]
    public void S2_handles_start_at_1_lowest_free_reused_and_are_per_file()
    {
        using var rig = new NpuRig();
        using DeviceFile other = rig.Open(rig.Process);
        Assert.Equal(1u, rig.Bo(Share, 4096));
        Assert.Equal(2u, rig.Bo(Share, 4096));
        Assert.Equal(1u, rig.Bo(Share, 4096, other));
        var close = new drm_gem_close { handle = 1 };
        rig.File.IoctlOrThrow(DRM_IOCTL_GEM_CLOSE, ref close);
        Assert.Equal(1u, rig.Bo(Share, 4096));
        Assert.Equal(3u, rig.Bo(Share, 4096));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(7u)]
    public void S2_gem_close_of_a_missing_handle_is_EINVAL(uint handle)
    {
        using var rig = new NpuRig();
        var close = new drm_gem_close { handle = handle };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_GEM_CLOSE, ref close).Error);
    }

    [Fact]
    public void S2_gem_close_twice_is_EINVAL_and_pad_is_not_checked()
    {
        using var rig = new NpuRig();
        uint h = rig.Bo(Share, 4096);
        var close = new drm_gem_close { handle = h, pad = 0xdead };
        rig.File.IoctlOrThrow(DRM_IOCTL_GEM_CLOSE, ref close);
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_GEM_CLOSE, ref close).Error);
        Assert.Equal(0, rig.Kernel.Counts[GemObject.BufferObjects]);
    }

    [Fact]
    public void S2_flink_needs_auth_so_a_non_root_accel_client_gets_EACCES()
    {
        using var rig = new NpuRig();
        var flink = new drm_gem_flink { handle = rig.Bo(Share, 4096) };
        Assert.Equal(Errno.EACCES, rig.File.Ioctl(DRM_IOCTL_GEM_FLINK, ref flink).Error);
    }

    [Fact]
    public void S2_flink_and_open_for_root_share_the_object_and_unknown_names_are_ENOENT()
    {
        using var rig = new NpuRig();
        SimulatedProcess root = rig.Kernel.CreateProcess("root", hasSysAdmin: true);
        using DeviceFile a = rig.Open(root);
        using DeviceFile b = rig.Open(root);
        var flink = new drm_gem_flink { handle = 99 };
        Assert.Equal(Errno.ENOENT, a.Ioctl(DRM_IOCTL_GEM_FLINK, ref flink).Error);
        flink.handle = rig.Bo(Share, 8192, a);
        a.IoctlOrThrow(DRM_IOCTL_GEM_FLINK, ref flink);
        var open = new drm_gem_open { name = flink.name };
        b.IoctlOrThrow(DRM_IOCTL_GEM_OPEN, ref open);
        Assert.Equal((1u, 8192UL), (open.handle, open.size));
        open.name = 1234;
        Assert.Equal(Errno.ENOENT, b.Ioctl(DRM_IOCTL_GEM_OPEN, ref open).Error);
        root.Exit();
    }

    [Fact]
    public void S2_gem_change_handle_is_always_EINVAL()
    {
        using var rig = new NpuRig();
        var change = new drm_gem_change_handle();
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_GEM_CHANGE_HANDLE, ref change).Error);
    }

    [Fact]
    public void S3_fake_offsets_start_at_4GiB_and_the_mapping_survives_gem_close()
    {
        using var rig = new NpuRig();
        uint h = rig.Bo(Share, 8192);
        amdxdna_drm_get_bo_info info = rig.Info(h);
        Assert.Equal(0x100000000UL, info.map_offset);
        MappedRegion map = rig.File.Map(8192, (long)info.map_offset).Value;
        map.Span[5] = 42;
        var close = new drm_gem_close { handle = h };
        rig.File.IoctlOrThrow(DRM_IOCTL_GEM_CLOSE, ref close);
        Assert.Equal(1, rig.Kernel.Counts[GemObject.BufferObjects]);
        Assert.Equal(42, map.Span[5]);
        map.Dispose();
        Assert.Equal(0, rig.Kernel.Counts[GemObject.BufferObjects]);
    }

    [Fact]
    public void S3_mmap_rules_unknown_offset_and_too_long_EINVAL_not_granted_EACCES()
    {
        using var rig = new NpuRig();
        using DeviceFile other = rig.Open(rig.Process);
        uint h = rig.Bo(Share, 4096);
        long offset = (long)rig.Info(h).map_offset;
        Assert.Equal(Errno.EINVAL, rig.File.Map(4096, offset + 0x10000).Error);
        Assert.Equal(Errno.EINVAL, rig.File.Map(8192, offset).Error);
        Assert.Equal(Errno.EACCES, other.Map(4096, offset).Error);
    }

    [Fact]
    public void S4_prime_flags_other_than_cloexec_rdwr_EINVAL_unknown_handle_ENOENT()
    {
        using var rig = new NpuRig();
        var prime = new drm_prime_handle { handle = rig.Bo(Share, 4096), flags = 4 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref prime).Error);
        prime = new drm_prime_handle { handle = 9, flags = 0x80002 };
        Assert.Equal(Errno.ENOENT, rig.File.Ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref prime).Error);
    }

    [Fact]
    public void S4_dev_bo_export_is_refused_with_EOPNOTSUPP()
    {
        using var rig = new NpuRig();
        rig.Heap();
        var prime = new drm_prime_handle { handle = rig.Bo(amdxdna_bo_type.AMDXDNA_BO_DEV, 4096) };
        Assert.Equal(Errno.EOPNOTSUPP, rig.File.Ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref prime).Error);
    }

    [Fact]
    public void S4_dma_buf_fd_shared_with_another_process_imports_the_same_memory_and_outlives_the_fd()
    {
        using var rig = new NpuRig();
        uint h = rig.Bo(Share, 4096);
        var export = new drm_prime_handle { handle = h, flags = 0x80002 };
        rig.File.IoctlOrThrow(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref export);
        var again = new drm_prime_handle { handle = h };
        rig.File.IoctlOrThrow(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref again);
        Assert.NotEqual(export.fd, again.fd);
        Assert.Equal(1, rig.Kernel.Counts[DmaBuf.DmaBufs]); // the same dma-buf

        // Self-import in the exporting file gives the original handle.
        var self = new drm_prime_handle { fd = export.fd };
        rig.File.IoctlOrThrow(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref self);
        Assert.Equal(h, self.handle);

        SimulatedProcess peer = rig.Kernel.CreateProcess("peer");
        int peerFd = rig.Process.SendFileDescriptor(export.fd, peer).Value;
        using DeviceFile peerFile = rig.Open(peer);
        rig.Bo(Share, 4096, peerFile); // handle 1 taken: the import gets 2
        var import = new drm_prime_handle { fd = peerFd };
        peerFile.IoctlOrThrow(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref import);
        Assert.Equal(2u, import.handle);
        var twice = new drm_prime_handle { fd = peerFd };
        peerFile.IoctlOrThrow(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref twice);
        Assert.Equal(import.handle, twice.handle); // known dma-buf: existing handle

        // Close every fd: the handles still work (the PRIME caches hold the dma-buf).
        Assert.True(rig.Process.Close(export.fd).IsSuccess);
        Assert.True(rig.Process.Close(again.fd).IsSuccess);
        Assert.True(peer.Close(peerFd).IsSuccess);
        using (MappedRegion mine = rig.Map(h))
        using (MappedRegion theirs = rig.Map(import.handle, peerFile, 4096))
        {
            mine.Span[0] = 0x5a;
            Assert.Equal(0x5a, theirs.Span[0]);
        }

        peerFile.Dispose();
        peer.Exit();
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void S4_every_fd_of_one_dma_buf_is_the_same_inode_in_every_process_and_another_buffer_is_not()
    {
        using var rig = new NpuRig();
        uint first = rig.Bo(Share, 4096), second = rig.Bo(Share, 4096);
        var a = new drm_prime_handle { handle = first, flags = 0x80002 };
        var b = new drm_prime_handle { handle = first, flags = 0x80002 };
        var c = new drm_prime_handle { handle = second, flags = 0x80002 };
        rig.File.IoctlOrThrow(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref a);
        rig.File.IoctlOrThrow(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref b);
        rig.File.IoctlOrThrow(DRM_IOCTL_PRIME_HANDLE_TO_FD, ref c);
        SimulatedProcess peer = rig.Kernel.CreateProcess("peer");
        int passed = rig.Process.SendFileDescriptor(a.fd, peer).Value;

        FileStatus status = rig.Process.Stat(a.fd).Value;
        Assert.True(status.IsSameFile(rig.Process.Stat(b.fd).Value));
        Assert.True(status.IsSameFile(peer.Stat(passed).Value));
        Assert.False(status.IsSameFile(rig.Process.Stat(c.fd).Value));
        Assert.False(status.IsCharacterDevice);

        FileStatus node = rig.File.Stat().Value;
        Assert.True(node.IsCharacterDevice);
        Assert.Equal((261u, 0u), (FileStatus.Major(node.SpecialDevice), FileStatus.Minor(node.SpecialDevice))); // ACCEL_MAJOR, accel0
        Assert.Equal("/dev/accel/accel0", rig.Driver.Device.NodePath);
        Assert.Null(rig.Driver.Device.RenderNodePath);
        peer.Exit();
    }

    [Fact]
    public void S4_fd_to_handle_bad_fd_EBADF_not_a_dma_buf_EINVAL()
    {
        using var rig = new NpuRig();
        var prime = new drm_prime_handle { fd = 77 };
        Assert.Equal(Errno.EBADF, rig.File.Ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime).Error);
        prime.fd = rig.File.Handle.Fd;
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime).Error);
    }

    private static uint CreateSyncobj(NpuRig rig, uint flags = 0, DeviceFile? file = null)
    {
        var create = new drm_syncobj_create { flags = flags };
        (file ?? rig.File).IoctlOrThrow(DRM_IOCTL_SYNCOBJ_CREATE, ref create);
        return create.handle;
    }

    private static Errno Wait(NpuRig rig, uint[] handles, uint flags, long timeout, out uint first)
    {
        byte[] raw = MemoryMarshal.AsBytes(handles.AsSpan()).ToArray();
        var wait = new drm_syncobj_wait { handles = raw.Length == 0 ? 0 : rig.Pin(raw), count_handles = (uint)handles.Length, flags = flags, timeout_nsec = timeout };
        Errno e = rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_WAIT, ref wait).Error;
        first = wait.first_signaled;
        return e;
    }

    private static Errno Array(NpuRig rig, in IoctlRequestRef request, uint[] handles, uint pad = 0)
    {
        byte[] raw = MemoryMarshal.AsBytes(handles.AsSpan()).ToArray();
        var array = new drm_syncobj_array { handles = handles.Length == 0 ? 0 : rig.Pin(raw), count_handles = (uint)handles.Length, pad = pad };
        return rig.File.Ioctl(request.Request, ref array).Error;
    }

    private readonly record struct IoctlRequestRef(AccelInterop.Runtime.Ioctl.IoctlRequest<drm_syncobj_array> Request);

    [Fact]
    public void S5_create_flags_EINVAL_destroy_unknown_EINVAL_pad_EINVAL()
    {
        using var rig = new NpuRig();
        var create = new drm_syncobj_create { flags = 2 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_CREATE, ref create).Error);
        Assert.Equal(1u, CreateSyncobj(rig));
        var destroy = new drm_syncobj_destroy { handle = 1, pad = 1 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_DESTROY, ref destroy).Error);
        destroy.pad = 0;
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_DESTROY, ref destroy);
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_DESTROY, ref destroy).Error);
        Assert.Equal(0, rig.Kernel.Counts[DrmSyncobj.Syncobjs]);
    }

    [Fact]
    public void S5_wait_rules_count0_is_0_unknown_ENOENT_unsubmitted_EINVAL_poll_ETIME_signalled_first()
    {
        using var rig = new NpuRig();
        uint empty = CreateSyncobj(rig);
        uint signaled = CreateSyncobj(rig, DRM_SYNCOBJ_CREATE_SIGNALED);
        Assert.Equal(Errno.None, Wait(rig, [], 0, 0, out _));
        Assert.Equal(Errno.EINVAL, Wait(rig, [signaled], 0x10, 0, out _));
        Assert.Equal(Errno.ENOENT, Wait(rig, [signaled, 42], 0, 0, out _));
        Assert.Equal(Errno.EINVAL, Wait(rig, [empty], 0, 0, out _));
        Assert.Equal(Errno.ETIME, Wait(rig, [empty], DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, 0, out _));
        Assert.Equal(Errno.None, Wait(rig, [empty, signaled], DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, 0, out uint first));
        Assert.Equal(1u, first);
        Assert.Equal(Errno.ETIME, Wait(rig, [empty, signaled], DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, rig.InSeconds(0.02), out _));
    }

    [Fact]
    public void S5_wait_with_an_absolute_timeout_returns_when_another_thread_signals()
    {
        using var rig = new NpuRig();
        uint s = CreateSyncobj(rig);
        Errno signalled = Errno.EIO;
        var signaller = new Thread(() =>
        {
            Thread.Sleep(30);
            signalled = Array(rig, new(DRM_IOCTL_SYNCOBJ_SIGNAL), [s]);
        });
        signaller.Start();
        Assert.Equal(Errno.None, Wait(rig, [s], DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, rig.InSeconds(5), out _));
        signaller.Join();
        Assert.Equal(Errno.None, signalled);
    }

    [Fact]
    public void S5_reset_and_signal_rules_pad_and_count0_EINVAL_unknown_ENOENT()
    {
        using var rig = new NpuRig();
        uint s = CreateSyncobj(rig, DRM_SYNCOBJ_CREATE_SIGNALED);
        foreach (var request in new IoctlRequestRef[] { new(DRM_IOCTL_SYNCOBJ_RESET), new(DRM_IOCTL_SYNCOBJ_SIGNAL) })
        {
            Assert.Equal(Errno.EINVAL, Array(rig, request, [s], pad: 1));
            Assert.Equal(Errno.EINVAL, Array(rig, request, []));
            Assert.Equal(Errno.ENOENT, Array(rig, request, [s + 5]));
        }

        Assert.Equal(Errno.None, Array(rig, new(DRM_IOCTL_SYNCOBJ_RESET), [s]));
        Assert.Equal(Errno.EINVAL, Wait(rig, [s], 0, 0, out _)); // reset: no fence
        Assert.Equal(Errno.None, Array(rig, new(DRM_IOCTL_SYNCOBJ_SIGNAL), [s]));
        Assert.Equal(Errno.None, Wait(rig, [s], 0, 0, out _));
    }

    [Fact]
    public void S5_timeline_signal_query_wait_and_transfer()
    {
        using var rig = new NpuRig();
        uint t = CreateSyncobj(rig);
        uint b = CreateSyncobj(rig);
        ulong handles = rig.Pin(BitConverter.GetBytes(t));
        byte[] pointBytes = BitConverter.GetBytes(5UL);
        ulong points = rig.Pin(pointBytes);
        var signal = new drm_syncobj_timeline_array { handles = handles, points = points, count_handles = 1, flags = 1 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, ref signal).Error);
        signal.flags = 0;
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, ref signal);

        var query = new drm_syncobj_timeline_array { handles = handles, points = points, count_handles = 1, flags = 2 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_QUERY, ref query).Error);
        query.flags = 0;
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_QUERY, ref query);
        Assert.Equal(5UL, BitConverter.ToUInt64(pointBytes));

        Assert.Equal(Errno.None, rig.TimelineWait(t, 3, 0));
        Assert.Equal(Errno.EINVAL, rig.TimelineWait(t, 6, 0)); // not submitted, no WAIT_FOR_SUBMIT

        var transfer = new drm_syncobj_transfer { src_handle = t, src_point = 5, dst_handle = b, pad = 1 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_TRANSFER, ref transfer).Error);
        transfer.pad = 0;
        transfer.dst_handle = 99;
        Assert.Equal(Errno.ENOENT, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_TRANSFER, ref transfer).Error);
        transfer.dst_handle = b;
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_TRANSFER, ref transfer);
        Assert.Equal(Errno.None, Wait(rig, [b], 0, 0, out _));
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void S5_handle_to_fd_and_back_shares_the_syncobj_across_processes()
    {
        using var rig = new NpuRig();
        uint s = CreateSyncobj(rig);
        var export = new drm_syncobj_handle { handle = s, pad = 1 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, ref export).Error);
        export = new drm_syncobj_handle { handle = s, point = 3 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, ref export).Error);
        export = new drm_syncobj_handle { handle = 77 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, ref export).Error);
        export = new drm_syncobj_handle { handle = s, flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, ref export).Error); // no fence
        export.handle = 77;
        Assert.Equal(Errno.ENOENT, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, ref export).Error);
        export = new drm_syncobj_handle { handle = s };
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, ref export);

        SimulatedProcess peer = rig.Kernel.CreateProcess("peer");
        int peerFd = rig.Process.SendFileDescriptor(export.fd, peer).Value;
        using DeviceFile peerFile = rig.Open(peer);
        var import = new drm_syncobj_handle { fd = peerFd };
        peerFile.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, ref import);
        Assert.Equal(1u, import.handle);
        Assert.Equal(Errno.None, Array(rig, new(DRM_IOCTL_SYNCOBJ_SIGNAL), [s]));
        var peerWait = new drm_syncobj_wait { handles = rig.Pin(BitConverter.GetBytes(import.handle), peer), count_handles = 1 };
        Assert.Equal(Errno.None, peerFile.Ioctl(DRM_IOCTL_SYNCOBJ_WAIT, ref peerWait).Error);

        var bad = new drm_syncobj_handle { fd = rig.File.Handle.Fd };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, ref bad).Error);
        bad = new drm_syncobj_handle { fd = export.fd, point = 2 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, ref bad).Error);

        // sync_file export and import into another syncobj.
        var syncFile = new drm_syncobj_handle { handle = s, flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE };
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, ref syncFile);
        uint target = CreateSyncobj(rig);
        var importSync = new drm_syncobj_handle { handle = target, fd = syncFile.fd, flags = DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE };
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, ref importSync);
        Assert.Equal(Errno.None, Wait(rig, [target], 0, 0, out _));

        peerFile.Dispose();
        peer.Exit();
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void S5_eventfd_flags_pad_EINVAL_unknown_ENOENT()
    {
        using var rig = new NpuRig();
        var e = new drm_syncobj_eventfd { handle = CreateSyncobj(rig), flags = 1 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_EVENTFD, ref e).Error);
        e = new drm_syncobj_eventfd { handle = 9 };
        Assert.Equal(Errno.ENOENT, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_EVENTFD, ref e).Error);
    }

    [Fact]
    public void S5_eventfd_signals_when_the_point_signals_or_is_available_and_needs_an_eventfd()
    {
        using var rig = new NpuRig();
        uint syncobj = CreateSyncobj(rig);
        using DeviceFile signalled = DeviceFile.CreateEventFd(rig.Process, 0, EventFdFlags.NonBlocking).Value;
        using DeviceFile available = DeviceFile.CreateEventFd(rig.Process, 0, EventFdFlags.NonBlocking).Value;
        var bad = new drm_syncobj_eventfd { handle = syncobj, fd = 77 };
        Assert.Equal(Errno.EBADF, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_EVENTFD, ref bad).Error);
        bad.fd = rig.File.Handle.Fd;
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_EVENTFD, ref bad).Error);

        var onSignal = new drm_syncobj_eventfd { handle = syncobj, fd = signalled.Handle.Fd, point = 2 };
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_EVENTFD, ref onSignal);
        var onSubmit = new drm_syncobj_eventfd { handle = syncobj, fd = available.Handle.Fd, point = 2, flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE };
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_EVENTFD, ref onSubmit);
        Assert.Equal(PollEvents.None, signalled.Poll(PollEvents.In, 0).Value);

        // TIMELINE_SIGNAL adds an already-signalled point 2: submitted and signalled at once.
        ulong handles = rig.Pin(BitConverter.GetBytes(syncobj));
        var signal = new drm_syncobj_timeline_array { handles = handles, points = rig.Pin(BitConverter.GetBytes(2UL)), count_handles = 1 };
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, ref signal);

        Assert.Equal(PollEvents.In, signalled.Poll(PollEvents.In, 0).Value);
        Assert.Equal(PollEvents.In, available.Poll(PollEvents.In, 0).Value);
        signalled.Dispose();
        available.Dispose();
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void S5_eventfd_waits_for_every_fence_up_to_its_point_and_goes_with_its_syncobj()
    {
        using var rig = new NpuRig();
        rig.Heap();
        amdxdna_drm_create_hwctx ctx = rig.Context();
        uint cmd = rig.Bo(amdxdna_bo_type.AMDXDNA_BO_CMD, 4096);
        using DeviceFile eventFd = DeviceFile.CreateEventFd(rig.Process, 0, EventFdFlags.NonBlocking).Value;
        using (rig.Kernel.HoldFirmware())
        {
            Assert.Equal(Errno.None, rig.Exec(ctx.handle, cmd, out _));
            Assert.Equal(Errno.None, rig.Exec(ctx.handle, cmd, out ulong second));
            var entry = new drm_syncobj_eventfd { handle = ctx.syncobj_handle, fd = eventFd.Handle.Fd, point = second };
            rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_EVENTFD, ref entry);
            Assert.Equal(PollEvents.None, eventFd.Poll(PollEvents.In, 0).Value); // both jobs held in flight
        }

        Assert.Equal(Errno.None, rig.TimelineWait(ctx.syncobj_handle, 1, rig.InSeconds(5)));
        Assert.Equal(PollEvents.In, eventFd.Poll(PollEvents.In, 0).Value);

        uint pending = CreateSyncobj(rig);
        var never = new drm_syncobj_eventfd { handle = pending, fd = eventFd.Handle.Fd, point = 9 };
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_EVENTFD, ref never);
        eventFd.Dispose();
        rig.Exit(); // the unsubmitted registration goes with its syncobj
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }
}

/// <summary>More drm-core.md §1/§5 rules: feature gates, render-node permissions, timeline waits across threads.</summary>
public sealed class DrmCoreMoreTests
{
    [Fact]
    public void S5_syncobj_ioctls_without_DRIVER_SYNCOBJ_and_S2_gem_close_without_DRIVER_GEM_are_EOPNOTSUPP()
    {
        var kernel = new SimulatedKernel();
        var driver = new Drm.TestDrmDriver(DrmDriverFeatures.ComputeAccel);
        DrmDevice.Create(kernel, driver, DrmCore.Ioctls);
        using DeviceFile file = DeviceFile.Open(kernel.CreateProcess(), "/dev/accel/accel0").Value;
        var create = new drm_syncobj_create();
        Assert.Equal(Errno.EOPNOTSUPP, file.Ioctl(DRM_IOCTL_SYNCOBJ_CREATE, ref create).Error);
        var query = new drm_syncobj_timeline_array { count_handles = 1 };
        Assert.Equal(Errno.EOPNOTSUPP, file.Ioctl(DRM_IOCTL_SYNCOBJ_QUERY, ref query).Error);
        var close = new drm_gem_close { handle = 1 };
        Assert.Equal(Errno.EOPNOTSUPP, file.Ioctl(DRM_IOCTL_GEM_CLOSE, ref close).Error);
        var cap = new drm_get_cap { capability = DRM_CAP_SYNCOBJ };
        file.IoctlOrThrow(DRM_IOCTL_GET_CAP, ref cap);
        Assert.Equal(0UL, cap.value);
    }

    [Fact]
    public void S1_set_client_cap_lacks_render_allow_so_a_render_node_gets_EACCES()
    {
        var kernel = new SimulatedKernel();
        var driver = new Drm.TestDrmDriver(DrmDriverFeatures.Render | DrmDriverFeatures.Gem);
        DrmDevice.Create(kernel, driver, DrmCore.Ioctls);
        using DeviceFile render = DeviceFile.Open(kernel.CreateProcess(), "/dev/dri/renderD128").Value;
        var cap = new drm_set_client_cap { capability = 1, value = 1 };
        Assert.Equal(Errno.EACCES, render.Ioctl(DRM_IOCTL_SET_CLIENT_CAP, ref cap).Error);
        var version = new drm_version();
        Assert.Equal(Errno.None, render.Ioctl(DRM_IOCTL_VERSION, ref version).Error);
    }

    [Fact]
    public void S5_timeline_wait_for_submit_waits_for_a_point_signalled_by_another_thread_and_wait_available()
    {
        using var rig = new NpuRig();
        var create = new drm_syncobj_create();
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_CREATE, ref create);
        uint handle = create.handle;
        ulong handles = rig.Pin(BitConverter.GetBytes(handle));
        ulong point3 = rig.Pin(BitConverter.GetBytes(3UL));
        Errno signalled = Errno.EIO;
        var signaller = new Thread(() =>
        {
            Thread.Sleep(30);
            var signal = new drm_syncobj_timeline_array { handles = handles, points = point3, count_handles = 1 };
            signalled = rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, ref signal).Error;
        });
        signaller.Start();
        var wait = new drm_syncobj_timeline_wait
        {
            handles = handles,
            points = rig.Pin(BitConverter.GetBytes(2UL)),
            count_handles = 1,
            flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT,
            timeout_nsec = rig.InSeconds(5),
        };
        Assert.Equal(Errno.None, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, ref wait).Error);
        signaller.Join();
        Assert.Equal(Errno.None, signalled);

        wait.points = rig.Pin(BitConverter.GetBytes(9UL));
        wait.flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE;
        wait.timeout_nsec = 0;
        Assert.Equal(Errno.ETIME, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, ref wait).Error);
        wait.flags = 0x20;
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, ref wait).Error);
        wait = new drm_syncobj_timeline_wait { count_handles = 0 };
        Assert.Equal(Errno.None, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, ref wait).Error);
    }

    [Fact]
    public void S5_query_and_timeline_signal_count0_EINVAL_unknown_ENOENT_and_bad_handles_pointer_EFAULT()
    {
        using var rig = new NpuRig();
        ulong points = rig.Pin(new byte[8]);
        var array = new drm_syncobj_timeline_array { handles = rig.Pin(BitConverter.GetBytes(5u)), points = points, count_handles = 0 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_QUERY, ref array).Error);
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, ref array).Error);
        array.count_handles = 1;
        Assert.Equal(Errno.ENOENT, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_QUERY, ref array).Error);
        Assert.Equal(Errno.ENOENT, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, ref array).Error);
        array.handles = 0x5000;
        Assert.Equal(Errno.EFAULT, rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_QUERY, ref array).Error);
    }

    [Fact]
    public void S5_timeline_signal_at_point_0_adds_a_point_and_query_reports_it()
    {
        using var rig = new NpuRig();
        var create = new drm_syncobj_create();
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_CREATE, ref create);
        ulong handles = rig.Pin(BitConverter.GetBytes(create.handle));
        var signal = new drm_syncobj_timeline_array { handles = handles, count_handles = 1 }; // points NULL -> 0
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, ref signal);
        byte[] result = new byte[8];
        var query = new drm_syncobj_timeline_array { handles = handles, points = rig.Pin(result), count_handles = 1, flags = DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED };
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_QUERY, ref query);
        Assert.Equal(0UL, BitConverter.ToUInt64(result));
        Assert.Equal(Errno.None, rig.TimelineWait(create.handle, 0, 0));
    }
}
