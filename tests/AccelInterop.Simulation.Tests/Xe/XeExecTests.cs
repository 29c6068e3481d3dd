using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Scheduler;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using AccelInterop.Simulation.Tests.Uapi.Xe;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;
using static AccelInterop.Simulation.Tests.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>EXEC with syncs, the ring and its credits, seqno wrap, hangs and bans (xe.md §8, §9; ring-fence.md §3).</summary>
public sealed unsafe class XeExecTests
{
    [Fact]
    public void S8_a_batch_stores_through_the_vm_then_the_syncobj_and_user_fence_signal()
    {
        using var rig = new XeRig();
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm);
        uint syncobj = rig.Syncobj();
        ulong batch = s.StoreBatch(0, target: 0x800, value: 0x1234_5678);
        ulong syncs = rig.Syncs(XeRig.SyncobjSignal(syncobj), XeRig.UserFence(s.Gpu(0x900), 77));
        Assert.Equal(Errno.None, rig.Exec(q, batch, syncs, 2));
        Assert.Equal(Errno.None, rig.WaitUserFence(s.CpuAddress(0x900), 77, out _, queue: q));
        Assert.Equal(Errno.None, rig.WaitSyncobj(syncobj));
        Assert.Equal(0x1234_5678u, s.Read32(0x800));
        Assert.Equal(77UL, s.Read64(0x900));
    }

    [Fact]
    public void S8_exec_checks_in_order()
    {
        using var rig = new XeRig();
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm);
        uint bind = rig.Queue(s.Vm, XeEngineClass.VmBind);
        var args = new drm_xe_exec { exec_queue_id = 99, num_batch_buffer = 1, extensions = 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_EXEC, ref args)); // extensions before the queue
        Assert.Equal(Errno.ENOENT, rig.Exec(99, 0));
        Assert.Equal(Errno.EINVAL, rig.Exec(bind, 0));
        Assert.Equal(Errno.EINVAL, rig.Exec(q, 0, batches: 2));
        args = new drm_xe_exec { exec_queue_id = q, num_batch_buffer = 1, num_syncs = DRM_XE_MAX_SYNCS + 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_EXEC, ref args));
        Assert.Equal(Errno.EFAULT, rig.Exec(q, s.Gpu(0), 0x9000, 1));
    }

    [Fact]
    public void S9_sync_parsing_rules()
    {
        using var rig = new XeRig();
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm);
        ulong batch = s.Batch(0, XeMiCommand.BatchBufferEnd);
        uint empty = rig.Syncobj();
        uint timeline = rig.Syncobj();
        Errno Exec(drm_xe_sync sync) => rig.Exec(q, batch, rig.Syncs(sync), 1);
        Assert.Equal(Errno.EINVAL, Exec(XeRig.SyncobjSignal(empty) with { flags = 3 }));
        var reserved = XeRig.SyncobjSignal(empty);
        reserved.reserved[0] = 1;
        Assert.Equal(Errno.EINVAL, Exec(reserved));
        Assert.Equal(Errno.EINVAL, Exec(XeRig.SyncobjSignal(empty) with { addr = 1UL << 32 | empty })); // upper bits
        Assert.Equal(Errno.ENOENT, Exec(XeRig.SyncobjSignal(55)));
        Assert.Equal(Errno.EINVAL, Exec(XeRig.SyncobjWait(empty))); // waiting on a syncobj with no fence
        Assert.Equal(Errno.EINVAL, Exec(XeRig.TimelineSignal(timeline, 0))); // timeline point 0
        Assert.Equal(Errno.EINVAL, Exec(XeRig.TimelineSignal(timeline, 3) with { flags = 0 })); // point not submitted
        Assert.Equal(Errno.EOPNOTSUPP, Exec(XeRig.UserFence(s.Gpu(0x100), 1) with { flags = 0 }));
        Assert.Equal(Errno.EINVAL, Exec(XeRig.UserFence(s.Gpu(0x104), 1)));
        Assert.Equal(Errno.EINVAL, Exec(new drm_xe_sync { type = 3, flags = DRM_XE_SYNC_FLAG_SIGNAL }));
        Assert.Equal(Errno.EINVAL, rig.Exec(q, batch, rig.Syncs(XeRig.UserFence(s.Gpu(0x100), 1), XeRig.UserFence(s.Gpu(0x108), 1)), 2));
    }

    [Fact]
    public void S9_lr_vm_refuses_syncobj_signals()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm(DRM_XE_VM_CREATE_FLAG_LR_MODE);
        uint q = rig.Queue(vm);
        Assert.Equal(Errno.EOPNOTSUPP, rig.Exec(q, 0x1000, rig.Syncs(XeRig.SyncobjSignal(rig.Syncobj())), 1));
        Assert.Equal(Errno.None, rig.DestroyQueue(q));
    }

    [Fact]
    public void S9_timeline_points_in_and_out()
    {
        using var rig = new XeRig();
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm);
        uint timeline = rig.Syncobj();
        ulong first = s.StoreBatch(0, 0x800, 1);
        Assert.Equal(Errno.None, rig.Exec(q, first, rig.Syncs(XeRig.TimelineSignal(timeline, 5)), 1));
        Assert.Equal(Errno.None, rig.TimelineWait(timeline, 5));
        // The second job waits on point 5 and signals point 6.
        ulong second = s.StoreBatch(0x40, 0x804, 2);
        Assert.Equal(Errno.None, rig.Exec(q, second,
            rig.Syncs(XeRig.TimelineSignal(timeline, 5) with { flags = 0 }, XeRig.TimelineSignal(timeline, 6)), 2));
        Assert.Equal(Errno.None, rig.TimelineWait(timeline, 6));
        Assert.Equal((1u, 2u), (s.Read32(0x800), s.Read32(0x804)));
    }

    [Fact]
    public void S8_exec_without_batch_signals_its_out_syncs_after_the_queue()
    {
        using var rig = new XeRig();
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm);
        uint done = rig.Syncobj();
        Assert.Equal(Errno.None, rig.Exec(q, 0, rig.Syncs(XeRig.SyncobjSignal(done)), 1, batches: 0));
        Assert.Equal(Errno.None, rig.WaitSyncobj(done));
        Assert.Equal(0, rig.Driver.Queues[0].JobCount); // no job was made
    }

    [Fact]
    public void S8_parallel_queue_runs_one_batch_per_engine()
    {
        using var rig = new XeRig();
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm, XeEngineClass.VideoDecode, gt: 1, width: 2);
        ulong a = s.StoreBatch(0, 0x800, 11);
        ulong b = s.StoreBatch(0x40, 0x804, 22);
        ulong addresses = rig.Pin(new[] { a, b });
        Assert.Equal(Errno.None, rig.Exec(q, addresses, rig.Syncs(XeRig.UserFence(s.Gpu(0x900), 1)), 1, batches: 2));
        Assert.Equal(Errno.None, rig.WaitUserFence(s.CpuAddress(0x900), 1, out _));
        Assert.Equal((11u, 22u), (s.Read32(0x800), s.Read32(0x804)));
        Assert.Equal(Errno.EINVAL, rig.Exec(q, addresses, batches: 1));
    }

    /// <summary>A semaphore batch: waits until scratch dword <paramref name="flag"/> equals 1.</summary>
    private static ulong GateBatch(XeRig.Scratch s, ulong offset, ulong flag) =>
        s.Batch(offset, XeMiCommand.SemaphoreWait(XeMiCommand.SemaphoreCompare.Equal), 1, (uint)s.Gpu(flag), (uint)(s.Gpu(flag) >> 32), 0,
            XeMiCommand.BatchBufferEnd);

    [Fact]
    public void Ring_holds_55_jobs_the_scheduler_keeps_the_rest_and_1000_outstanding_is_EAGAIN()
    {
        using var rig = new XeRig(options: new SimulationOptions { Firmware = FirmwareExecution.Inline, JobTimeout = TimeSpan.FromMinutes(10) });
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm);
        XeExecQueue queue = rig.Driver.Queues[0];
        ulong gate = GateBatch(s, 0, flag: 0x1000);
        ulong nop = s.Batch(0x100, XeMiCommand.BatchBufferEnd);
        Assert.Equal(Errno.None, rig.Exec(q, gate));
        for (int i = 1; i < XeExecQueue.MaxJobs - 1; i++)
        {
            Assert.Equal(Errno.None, rig.Exec(q, nop));
        }

        Assert.Equal(Errno.None, rig.Exec(q, nop, rig.Syncs(XeRig.UserFence(s.Gpu(0x900), 1)), 1)); // the 1000th

        rig.Kernel.RunFirmware();
        Assert.Equal((int)XeRing.JobCredits, queue.Scheduler!.CreditCount); // 16384 / 296 = 55 in the ring
        Assert.Equal(55, (int)XeRing.JobCredits);
        Assert.Equal(XeExecQueue.MaxJobs - 55, queue.Entity!.QueuedJobs);
        Assert.Equal(Errno.EAGAIN, rig.Exec(q, nop));
        Assert.True(queue.Ring!.Wraps > 0 || queue.Ring.Tail > 0);

        s.Write32(0x1000, 1); // open the gate: everything drains
        Assert.Equal(Errno.None, rig.WaitUserFence(s.CpuAddress(0x900), 1, out _, timeout: 30_000_000_000));
        rig.Kernel.RunFirmware();
        Assert.Equal(0, queue.JobCount);
        Assert.True(queue.Ring.Wraps > 0); // 1000 jobs went around the 16 KiB ring
    }

    [Fact]
    public void Seqno_starts_at_minus_127_and_wraps_after_127_jobs()
    {
        using var rig = new XeRig();
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm);
        XeExecQueue queue = rig.Driver.Queues[0];
        ulong nop = s.Batch(0, XeMiCommand.BatchBufferEnd);
        var seqnos = new List<uint>();
        for (int i = 0; i < 130; i++)
        {
            uint done = rig.Syncobj();
            Assert.Equal(Errno.None, rig.Exec(q, nop, rig.Syncs(XeRig.SyncobjSignal(done)), 1));
            Assert.Equal(Errno.None, rig.WaitSyncobj(done));
            seqnos.Add(queue.HardwareSeqno);
        }

        Assert.Equal(0xFFFFFF81u, seqnos[0]); // XE_FENCE_INITIAL_SEQNO = -127
        Assert.Equal(0xFFFFFFFFu, seqnos[126]);
        Assert.Equal(0u, seqnos[127]); // the 128th job wrapped, and its fence still signalled
        Assert.Equal(2u, seqnos[129]);
    }

    [Fact]
    public void Hang_times_out_bans_the_queue_and_later_calls_fail()
    {
        using var rig = new XeRig(options: new SimulationOptions { Seed = 7, JobTimeout = TimeSpan.FromMilliseconds(100) });
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm);
        uint done = rig.Syncobj();
        ulong bad = s.Batch(0, 0x7000_0000, XeMiCommand.BatchBufferEnd); // command type 3: not MI
        Assert.Equal(Errno.None, rig.Exec(q, bad, rig.Syncs(XeRig.SyncobjSignal(done), XeRig.UserFence(s.Gpu(0x900), 1)), 2));
        Assert.Equal(Errno.EIO, rig.WaitUserFence(s.CpuAddress(0x900), 1, out _, queue: q));
        Assert.Equal(Errno.None, rig.WaitSyncobj(done)); // signalled, with an error
        var get = new drm_xe_exec_queue_get_property { exec_queue_id = q, property = DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN };
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, ref get));
        Assert.Equal(1UL, get.value);
        Assert.Equal(Errno.ECANCELED, rig.Exec(q, bad));
        Assert.Equal(0UL, s.Read64(0x900)); // the user fence after the hung batch never ran
    }

    [Fact]
    public void Hang_on_an_unbound_batch_address_bans_the_queue()
    {
        using var rig = new XeRig(options: new SimulationOptions { Seed = 3, JobTimeout = TimeSpan.FromMilliseconds(100) });
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm);
        Assert.Equal(Errno.None, rig.Exec(q, 0x7_0000_0000, rig.Syncs(XeRig.UserFence(s.Gpu(0x900), 1)), 1));
        Assert.Equal(Errno.EIO, rig.WaitUserFence(s.CpuAddress(0x900), 1, out _, queue: q));
        Assert.True(rig.Driver.Queues[0].IsBanned);
    }

    [Fact]
    public void Deterministic_hang_run_replays_the_same_trace()
    {
        static IReadOnlyList<string> Run(int seed)
        {
            using var rig = new XeRig(options: new SimulationOptions { Seed = seed, JobTimeout = TimeSpan.FromMilliseconds(50) });
            XeRig.Scratch s = rig.CreateScratch();
            uint q = rig.Queue(s.Vm);
            for (uint i = 0; i < 3; i++)
            {
                Assert.Equal(Errno.None, rig.Exec(q, s.StoreBatch(i * 0x40, 0x800 + i * 4, i)));
            }

            Assert.Equal(Errno.None, rig.Exec(q, 0x7_0000_0000, rig.Syncs(XeRig.UserFence(s.Gpu(0x900), 1)), 1));
            rig.WaitUserFence(s.CpuAddress(0x900), 1, out _, queue: q);
            return [.. rig.Kernel.TraceLog];
        }

        IReadOnlyList<string> first = Run(11);
        Assert.Contains(first, line => line.Contains("banned", StringComparison.Ordinal));
        Assert.Equal(first, Run(11));
    }

    [Fact]
    public void Allocation_failures_leave_nothing_behind()
    {
        using var rig = new XeRig();
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm);
        int bos = rig.Kernel.Counts[GemObject.BufferObjects];
        rig.Kernel.Faults.Arm(FaultPoint.AllocationFailure);
        Assert.Equal(Errno.ENOMEM, rig.CreateBo(out _));
        Assert.Equal(bos, rig.Kernel.Counts[GemObject.BufferObjects]);
        rig.Kernel.Faults.Arm(FaultPoint.AllocationFailure);
        Assert.Equal(Errno.ENOMEM, rig.CreateQueue(out _, s.Vm));
        rig.Kernel.Faults.Arm(FaultPoint.AllocationFailure);
        var vm = new drm_xe_vm_create();
        Assert.Equal(Errno.ENOMEM, rig.Call(DRM_IOCTL_XE_VM_CREATE, ref vm));
        uint done = rig.Syncobj();
        rig.Kernel.Faults.Arm(FaultPoint.AllocationFailure); // drm_sched_job_init inside EXEC
        Assert.Equal(Errno.ENOMEM, rig.Exec(q, s.StoreBatch(0, 0x800, 1), rig.Syncs(XeRig.SyncobjSignal(done)), 1));
        Assert.Equal(Errno.EINVAL, rig.WaitSyncobj(done, 0)); // the out-sync got nothing
        Assert.Equal(0, rig.Driver.Queues[0].JobCount);
        Assert.Single(rig.Driver.Queues);
    }

    [Fact]
    public void Closing_the_file_leaves_no_queue_job_vm_bo_or_fence()
    {
        var rig = new XeRig();
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm);
        rig.Queue(s.Vm, XeEngineClass.VmBind);
        uint done = rig.Syncobj();
        Assert.Equal(Errno.None, rig.Exec(q, s.StoreBatch(0, 0x800, 5), rig.Syncs(XeRig.SyncobjSignal(done)), 1));
        Assert.Equal(Errno.None, rig.WaitSyncobj(done));
        rig.Dispose();
        ObjectCounts counts = rig.Kernel.Counts;
        Assert.Equal(0, counts[XeDriver.ExecQueues]);
        Assert.Equal(0, counts[XeDriver.Jobs]);
        Assert.Equal(0, counts[XeVm.Vms]);
        Assert.Equal(0, counts[GemObject.BufferObjects]);
        Assert.Equal(0, counts[DrmSyncobj.Syncobjs]);
        Assert.Equal(0, counts[SchedJob.Jobs]);
        Assert.Equal(0, counts[DmaFence.Fences]);
    }
}
