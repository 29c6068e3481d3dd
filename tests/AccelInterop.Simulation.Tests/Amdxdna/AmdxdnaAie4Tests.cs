using System.Diagnostics;
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Amdxdna;
using static AccelInterop.Simulation.Tests.Uapi.Amdxdna.Amdxdna;

namespace AccelInterop.Simulation.Tests.Amdxdna;

/// <summary>amdxdna.md §0, §3, §6 on AIE4 (VF unless stated); ring-fence.md §1. Names cite the section.</summary>
public sealed class AmdxdnaAie4Tests
{
    private const amdxdna_bo_type Share = amdxdna_bo_type.AMDXDNA_BO_SHARE;

    [Fact]
    public void S6_umq_submit_doorbell_firmware_advances_read_index_and_wait_cmd_completes_across_the_wrap()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf);
        using var umq = new UserModeQueue(rig);
        uint input = rig.Bo(Share, 4096), output = rig.Bo(Share, 4096);
        using MappedRegion inMap = rig.Map(input), outMap = rig.Map(output);
        ulong src = rig.Info(input).xdna_addr, dst = rig.Info(output).xdna_addr;
        for (int i = 0; i < 100; i++)
        {
            MemoryMarshal.Write(inMap.Span, (uint)i);
            ulong seq = umq.Push(opcode: 1, source: src, destination: dst, count: 1);
            Assert.Equal((ulong)i, seq);
            umq.Ring();
            Assert.Equal(Errno.None, umq.Wait(rig, seq, 1000));
            Assert.Equal((uint)i + 1, MemoryMarshal.Read<uint>(outMap.Span));
            Assert.Equal(4u, MemoryMarshal.Read<uint>(umq.Slot(seq)[4..])); // COMPLETED
            Assert.True(umq.ReadIndex > seq);
        }
    }

    [Fact]
    public void S6_wait_cmd_already_complete_returns_at_once_and_timeout_is_ETIME_without_a_doorbell()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf);
        using var umq = new UserModeQueue(rig);
        ulong seq = umq.Push();
        Assert.Equal(Errno.ETIME, umq.Wait(rig, seq, 20)); // no doorbell: firmware does not look
        umq.Ring();
        Assert.Equal(Errno.None, umq.Wait(rig, seq, 20));
        Assert.Equal(Errno.None, umq.Wait(rig, seq, 20));
    }

    [Fact]
    public void S6_timeout_0_waits_forever_until_the_doorbell()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf, new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        using var umq = new UserModeQueue(rig);
        ulong seq = umq.Push();
        var ringer = new Thread(() =>
        {
            Thread.Sleep(50);
            umq.Ring();
        });
        ringer.Start();
        Assert.Equal(Errno.None, umq.Wait(rig, seq, 0));
        ringer.Join();
    }

    [Fact]
    public void S6_wait_cmd_unknown_context_is_EINVAL_and_nothing_is_written_back()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf);
        var wait = new amdxdna_drm_wait_cmd { hwctx = 9, seq = 5, timeout = 1 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_WAIT_CMD, ref wait).Error);
        Assert.Equal((9u, 5UL, 1u), (wait.hwctx, wait.seq, wait.timeout));
    }

    [Fact]
    public void S6_torn_read_index_is_re_read_once_then_taken_as_zero()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf);
        using var umq = new UserModeQueue(rig);
        ulong seq = umq.Push();
        umq.Ring();
        rig.Kernel.RunFirmware();
        Assert.Equal(1UL, umq.ReadIndex);

        rig.Kernel.Faults.Arm(AmdxdnaDriver.TornReadIndex, count: 1); // first read torn, the retry is fine
        Assert.Equal(Errno.None, umq.Wait(rig, seq, 10));
        Assert.Equal(1, rig.Kernel.Faults.Fired(AmdxdnaDriver.TornReadIndex));

        rig.Kernel.Faults.Arm(AmdxdnaDriver.TornReadIndex, count: -1); // every read torn: read index 0, never done
        Assert.Equal(Errno.ETIME, umq.Wait(rig, seq, 10));
        rig.Kernel.Faults.Disarm(AmdxdnaDriver.TornReadIndex);
        Assert.Equal(Errno.None, umq.Wait(rig, seq, 10));
    }

    [Fact]
    public void S6_inconsistent_indices_written_by_user_space_count_as_read_index_zero()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf);
        using var umq = new UserModeQueue(rig);
        ulong seq = umq.Push();
        umq.Ring();
        Assert.Equal(Errno.None, umq.Wait(rig, seq, 10));
        MemoryMarshal.Write(umq.Queue.Span[16..], 100UL); // write - read = 99 > 32
        Assert.Equal(Errno.ETIME, umq.Wait(rig, 0, 10));
    }

    [Fact]
    public void S3_aie4_create_rules_umq_bo_ENOENT_a_small_bo_is_a_whole_page_tiles_EINVAL_and_no_syncobj()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf);
        Assert.Equal(Errno.ENOENT, rig.CreateContext(out _, umqBo: 7));
        // aie4_hwctx_umq_init compares mem.size with the 32-byte header, but mem.size is page-rounded
        // (drm_gem_shmem_helper.c:__drm_gem_shmem_create), so a 16-byte request is a 4 KiB queue BO.
        Assert.Equal(Errno.None, rig.CreateContext(out _, umqBo: rig.Bo(Share, 16)));
        uint queue = rig.Bo(Share, 4096);
        Assert.Equal(Errno.EINVAL, rig.CreateContext(out _, numTiles: 0, umqBo: queue));
        amdxdna_drm_create_hwctx ok = rig.Context(umqBo: queue);
        Assert.Equal(0u, ok.syncobj_handle);
        Assert.NotEqual(AMDXDNA_INVALID_DOORBELL_OFFSET, ok.umq_doorbell);
        Assert.Equal(0u, ok.umq_doorbell % 4096); // a page offset below the GEM range
    }

    [Fact]
    public void S6_doorbell_mmap_needs_one_page_at_a_live_context_offset_of_this_file()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf);
        amdxdna_drm_create_hwctx ctx = rig.Context(umqBo: rig.Bo(Share, 4096));
        Assert.Equal(Errno.EINVAL, rig.File.Map(8192, ctx.umq_doorbell).Error);
        Assert.Equal(Errno.EINVAL, rig.File.Map(4096, ctx.umq_doorbell + 0x100000).Error);
        using DeviceFile other = rig.Open(rig.Process);
        Assert.Equal(Errno.EINVAL, other.Map(4096, ctx.umq_doorbell).Error);
        MappedRegion doorbell = rig.File.Map(4096, ctx.umq_doorbell).Value;
        var destroy = new amdxdna_drm_destroy_hwctx { handle = ctx.handle };
        rig.File.IoctlOrThrow(DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy);
        Assert.Equal(Errno.EINVAL, rig.File.Map(4096, ctx.umq_doorbell).Error);
        doorbell.Span[0] = 1; // the page outlives the context while mapped
        doorbell.Dispose();
    }

    // amdxdna_ctx.c: WAIT_CMD looks the context up and waits under the client's hwctx_srcu;
    // DESTROY_HWCTX unpublishes the context (xa_erase), then amdxdna_hwctx_destroy_rcu waits in
    // synchronize_srcu for that wait before the fini. So the wait ends by its own rule (here -ETIME:
    // the firmware is held and never completes the command), lookups after the unpublish are
    // -EINVAL, and the destroy returns only after the wait.
    [Theory]
    [InlineData(FirmwareExecution.Inline)]
    [InlineData(FirmwareExecution.Threaded)]
    public void S3_destroy_waits_for_an_in_flight_wait_cmd_which_ends_by_its_own_rule(FirmwareExecution firmware)
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf, new SimulationOptions { Firmware = firmware });
        for (int attempt = 0; ; attempt++)
        {
            using var umq = new UserModeQueue(rig);
            using FirmwareHold hold = rig.Kernel.HoldFirmware();
            ulong seq = umq.Push();
            umq.Ring();
            Errno waited = Errno.None;
            var sinceWaiterStart = Stopwatch.StartNew();
            var waiter = new Thread(() => waited = umq.Wait(rig, seq, 400));
            waiter.Start();
            Thread.Sleep(50); // let the wait find the context; if it did not, the attempt is repeated

            var destroy = new amdxdna_drm_destroy_hwctx { handle = umq.Context };
            Assert.Equal(Errno.None, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy).Error);
            TimeSpan destroyReturned = sinceWaiterStart.Elapsed;
            waiter.Join();
            Assert.Equal(Errno.EINVAL, umq.Wait(rig, seq, 1));
            Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy).Error);
            if (waited == Errno.EINVAL && attempt < 10)
            {
                continue; // the destroy came first
            }

            Assert.Equal(Errno.ETIME, waited); // never 0: the command did not complete
            // The wait began after the waiter started and lasted its 400 ms, and the destroy returned after it.
            Assert.True(destroyReturned >= TimeSpan.FromMilliseconds(399), $"DESTROY_HWCTX returned {destroyReturned.TotalMilliseconds} ms after the waiter started, before the WAIT_CMD's 400 ms ended");
            return;
        }
    }

    [Fact]
    public void S0_aie4_vf_eopnotsupp_table()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf);
        uint bo = rig.Bo(Share, 4096);
        Assert.Equal(Errno.EOPNOTSUPP, rig.Exec(1, bo, out _));
        var config = new amdxdna_drm_config_hwctx { handle = 1 };
        Assert.Equal(Errno.EOPNOTSUPP, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, ref config).Error);
        var array = new amdxdna_drm_get_array { num_element = 1, element_size = 8 };
        Assert.Equal(Errno.EOPNOTSUPP, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_ARRAY, ref array).Error);
        byte[] buffer = new byte[64];
        var info = new amdxdna_drm_get_info { param = 2, buffer = rig.Pin(buffer), buffer_size = 64 };
        Assert.Equal(Errno.EOPNOTSUPP, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_INFO, ref info).Error);
        info.param = 1;
        Assert.Equal(Errno.None, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_INFO, ref info).Error);
        var sync = new amdxdna_drm_sync_bo { handle = bo, size = 4096, direction = SYNC_DIRECT_FROM_DEVICE };
        Assert.Equal(Errno.EOPNOTSUPP, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_SYNC_BO, ref sync).Error);
        SimulatedProcess root = rig.Kernel.CreateProcess("root", hasSysAdmin: true);
        using DeviceFile rootFile = rig.Open(root);
        var state = new amdxdna_drm_set_state();
        Assert.Equal(Errno.EOPNOTSUPP, rootFile.Ioctl(DRM_IOCTL_AMDXDNA_SET_STATE, ref state).Error);
        rootFile.Dispose();
        root.Exit();
    }

    [Fact]
    public void S0_aie4_pf_eopnotsupp_table()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Pf);
        uint bo = rig.Bo(Share, 4096);
        Assert.Equal(Errno.EOPNOTSUPP, rig.CreateContext(out _, umqBo: bo));
        Assert.Equal(Errno.EOPNOTSUPP, rig.Exec(1, bo, out _));
        Assert.Equal(Errno.EOPNOTSUPP, rig.WaitCmd(1, 0, 1));
        var config = new amdxdna_drm_config_hwctx { handle = 1 };
        Assert.Equal(Errno.EOPNOTSUPP, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, ref config).Error);
        var info = new amdxdna_drm_get_info { param = 1 };
        Assert.Equal(Errno.EOPNOTSUPP, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_INFO, ref info).Error);
        var array = new amdxdna_drm_get_array { num_element = 1, element_size = 8 };
        Assert.Equal(Errno.EOPNOTSUPP, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_ARRAY, ref array).Error);
        Assert.Equal(Errno.EOPNOTSUPP, rig.File.Map(4096, 0x10000).Error);
    }

    [Fact]
    public void S2_close_with_a_live_umq_context_and_mappings_leaves_every_count_zero()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf, new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        var umq = new UserModeQueue(rig);
        for (int i = 0; i < 40; i++)
        {
            umq.Push();
        }

        umq.Ring();
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
        umq.Dispose();
    }
}
