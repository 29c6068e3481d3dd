using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Amdxdna;

namespace AccelInterop.Simulation.Tests.Amdxdna;

/// <summary>
/// Fault points (each error path leaks nothing and fails the job instead of leaving an
/// unsignalled fence — ring-fence.md §4, the rocket_job_run fix), seeded deterministic runs,
/// and concurrent submitters on one context.
/// </summary>
public sealed class FaultAndDeterminismTests
{
    private const amdxdna_bo_type Cmd = amdxdna_bo_type.AMDXDNA_BO_CMD;
    private const amdxdna_bo_type Share = amdxdna_bo_type.AMDXDNA_BO_SHARE;

    [Fact]
    public void Allocation_failure_fails_create_bo_and_create_hwctx_with_ENOMEM_and_leaks_nothing()
    {
        using var rig = new NpuRig();
        rig.Kernel.Faults.Arm(FaultPoint.AllocationFailure);
        Assert.Equal(Errno.ENOMEM, rig.CreateBo(Share, 4096, out _));
        Assert.Equal(0, rig.Kernel.Counts[GemObject.BufferObjects]);
        rig.Heap();
        int buffers = rig.Kernel.Counts[GemObject.BufferObjects];
        rig.Kernel.Faults.Arm(FaultPoint.AllocationFailure);
        Assert.Equal(Errno.ENOMEM, rig.CreateContext(out _));
        Assert.Equal((buffers, 0, 0), (rig.Kernel.Counts[GemObject.BufferObjects], rig.Kernel.Counts[AmdxdnaDriver.HardwareContexts], rig.Kernel.Counts[DrmSyncobj.Syncobjs]));
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Runtime_pm_resume_failure_at_submit_fails_exec_cmd_and_queues_nothing()
    {
        using var rig = new NpuRig();
        rig.Heap();
        amdxdna_drm_create_hwctx ctx = rig.Context();
        uint cmd = rig.Bo(Cmd, 4096);
        int fences = rig.Kernel.Counts[DmaFence.Fences];
        rig.Kernel.Faults.Arm(FaultPoint.RuntimePmResumeFailure);
        Assert.Equal(Errno.EIO, rig.Exec(ctx.handle, cmd, out _));
        Assert.Equal((0, fences), (rig.Kernel.Counts[AmdxdnaDriver.Jobs], rig.Kernel.Counts[DmaFence.Fences]));
        Assert.Equal(Errno.None, rig.Exec(ctx.handle, cmd, out ulong seq));
        Assert.Equal(0UL, seq); // the failed submit consumed no seq
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Runtime_pm_resume_failure_fails_config_hwctx_before_the_context_lookup()
    {
        using var rig = new NpuRig();
        rig.Kernel.Faults.Arm(FaultPoint.RuntimePmResumeFailure);
        var config = new amdxdna_drm_config_hwctx { handle = 77, param_type = 1 };
        Assert.Equal(Errno.EIO, rig.File.Ioctl(Uapi.Amdxdna.Amdxdna.DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, ref config).Error);
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(Uapi.Amdxdna.Amdxdna.DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, ref config).Error);
    }

    [Fact]
    public void Unplugged_device_answers_ENODEV_and_close_still_frees_everything()
    {
        using var rig = new NpuRig(options: new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        rig.Heap();
        amdxdna_drm_create_hwctx ctx = rig.Context();
        rig.Driver.Device.Unplug();
        Assert.Equal(Errno.ENODEV, rig.CreateBo(Share, 4096, out _));
        Assert.Equal(Errno.ENODEV, rig.Exec(ctx.handle, 1, out _));
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Job_run_failure_drops_both_hardware_fence_references_and_fails_the_job()
    {
        FaultPoint point = FaultPoint.IommuAttachFailure;
        using var rig = new NpuRig();
        rig.Heap();
        amdxdna_drm_create_hwctx ctx = rig.Context();
        uint cmd = rig.Bo(Cmd, 4096);
        using MappedRegion command = rig.Map(cmd);
        rig.Kernel.Faults.Arm(point);
        Assert.Equal(Errno.None, rig.Exec(ctx.handle, cmd, out ulong seq)); // the ioctl succeeds; the job fails when run
        Assert.Equal(Errno.None, rig.TimelineWait(ctx.syncobj_handle, seq, rig.InSeconds(5))); // signalled, not hung
        Assert.Equal(1, rig.Kernel.Faults.Fired(point));
        Assert.Equal(5u, MemoryMarshal.Read<uint>(command.Span) & 0xF); // ERT_CMD_STATE_ERROR
        Assert.Equal(0, rig.Kernel.Counts[AmdxdnaDriver.Jobs]);
        // No hardware fence left: only the job's drm_sched fence pair — the finished fence the syncobj
        // point keeps, and the scheduled fence it holds (sched_fence.c:drm_sched_fence_release_finished).
        Assert.Equal(2, rig.Kernel.Counts[DmaFence.Fences]);
        Assert.Equal(Errno.None, rig.Exec(ctx.handle, cmd, out ulong next)); // the context still works
        Assert.Equal(Errno.None, rig.TimelineWait(ctx.syncobj_handle, next, rig.InSeconds(5)));
        Assert.Equal(4u, MemoryMarshal.Read<uint>(command.Span) & 0xF);
        command.Dispose();
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Firmware_hang_on_aie2_times_the_job_out_with_an_error_instead_of_waiting_forever()
    {
        using var rig = new NpuRig(options: new SimulationOptions { Firmware = FirmwareExecution.Inline, JobTimeout = TimeSpan.FromMilliseconds(50) });
        rig.Heap();
        amdxdna_drm_create_hwctx ctx = rig.Context();
        uint cmd = rig.Bo(Cmd, 4096);
        using MappedRegion command = rig.Map(cmd);
        rig.Kernel.Faults.Arm(FaultPoint.FirmwareHang);
        Assert.Equal(Errno.None, rig.Exec(ctx.handle, cmd, out ulong seq));
        Assert.Equal(Errno.ETIME, rig.TimelineWait(ctx.syncobj_handle, seq, rig.InSeconds(0.01)));
        Assert.Equal(Errno.None, rig.TimelineWait(ctx.syncobj_handle, seq, rig.InSeconds(5)));
        Assert.Equal(8u, MemoryMarshal.Read<uint>(command.Span) & 0xF); // ERT_CMD_STATE_TIMEOUT
        command.Dispose();
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    // aie2_ctx.c:aie2_sched_job_timedout (7.2.13) resets the whole firmware context: drm_sched_stop
    // drops every running job's hardware fence, the mailbox stop answers each message with no data
    // (aie2_sched_resp_handler: TIMEOUT for the timed-out job, ABORT for the others), and
    // drm_sched_start(sched, 0) finishes all of them with -ECANCELED. The context keeps working.
    [Fact]
    public void Aie2_job_timeout_resets_the_context_aborting_every_running_job_with_ECANCELED()
    {
        using var rig = new NpuRig(options: new SimulationOptions { Seed = 3, JobTimeout = TimeSpan.FromMilliseconds(50) });
        rig.Heap();
        amdxdna_drm_create_hwctx ctx = rig.Context();
        uint[] commands = [rig.Bo(Cmd, 4096), rig.Bo(Cmd, 4096), rig.Bo(Cmd, 4096), rig.Bo(Cmd, 4096)];
        MappedRegion[] states = [.. commands.Select(c => rig.Map(c))];
        rig.Kernel.Faults.Arm(FaultPoint.FirmwareHang);
        ulong last = 0;
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Errno.None, rig.Exec(ctx.handle, commands[i], out last));
        }

        Assert.Equal(Errno.None, rig.TimelineWait(ctx.syncobj_handle, last, rig.InSeconds(5)));
        uint State(int i) => MemoryMarshal.Read<uint>(states[i].Span) & 0xF;
        Assert.Equal(8u, State(0)); // ERT_CMD_STATE_TIMEOUT
        Assert.Equal(6u, State(1)); // ERT_CMD_STATE_ABORT
        Assert.Equal(6u, State(2));
        Assert.Equal(3, rig.Kernel.TraceLog.Count(e => e.EndsWith($" done {-Errno.ECANCELED}", StringComparison.Ordinal)));
        Assert.Equal(Errno.None, rig.Exec(ctx.handle, commands[3], out ulong next)); // on the restarted firmware context
        Assert.Equal(Errno.None, rig.TimelineWait(ctx.syncobj_handle, next, rig.InSeconds(5)));
        Assert.Equal(4u, State(3)); // ERT_CMD_STATE_COMPLETED
        foreach (MappedRegion state in states)
        {
            state.Dispose();
        }

        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Firmware_hang_on_aie4_makes_wait_cmd_ETIME_and_close_leaks_nothing()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf);
        var umq = new UserModeQueue(rig);
        rig.Kernel.Faults.Arm(FaultPoint.FirmwareHang);
        ulong seq = umq.Push();
        umq.Ring();
        Assert.Equal(Errno.ETIME, umq.Wait(rig, seq, 20));
        Assert.Equal(0UL, umq.ReadIndex);
        umq.Dispose();
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Destroying_a_context_with_hung_jobs_aborts_them_and_frees_everything()
    {
        using var rig = new NpuRig(options: new SimulationOptions { Seed = 1 });
        rig.Heap();
        amdxdna_drm_create_hwctx ctx = rig.Context();
        uint cmd = rig.Bo(Cmd, 4096);
        rig.Kernel.Faults.Arm(FaultPoint.FirmwareHang, count: -1);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(Errno.None, rig.Exec(ctx.handle, cmd, out _));
        }

        var destroy = new amdxdna_drm_destroy_hwctx { handle = ctx.handle };
        rig.File.IoctlOrThrow(Uapi.Amdxdna.Amdxdna.DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy);
        Assert.Equal(0, rig.Kernel.Counts[AmdxdnaDriver.Jobs]);
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    // A mixed AIE2 run with random job failures: everything the simulation decides comes from the seed.
    private static (List<string> Trace, List<uint> States) SeededRun(int seed)
    {
        using var rig = new NpuRig(options: new SimulationOptions { Seed = seed, JobTimeout = TimeSpan.FromMilliseconds(5) });
        rig.Kernel.Faults.ArmRandomly(FaultPoint.IommuAttachFailure, 0.1);
        rig.Kernel.Faults.ArmRandomly(FaultPoint.FirmwareHang, 0.1);
        rig.Heap();
        amdxdna_drm_create_hwctx ctx = rig.Context();
        uint cmd = rig.Bo(Cmd, 4096);
        using MappedRegion command = rig.Map(cmd);
        var states = new List<uint>();
        var seqs = new List<ulong>();
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal(Errno.None, rig.Exec(ctx.handle, cmd, out ulong seq));
            seqs.Add(seq);
            if (i % 3 == 2)
            {
                Assert.Equal(Errno.None, rig.TimelineWait(ctx.syncobj_handle, seq, rig.InSeconds(10)));
                states.Add(MemoryMarshal.Read<uint>(command.Span) & 0xF);
            }
        }

        Assert.Equal(Errno.None, rig.TimelineWait(ctx.syncobj_handle, seqs[^1], rig.InSeconds(10)));
        command.Dispose();
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
        return ([.. rig.Kernel.TraceLog], states);
    }

    [Fact]
    public void A_seeded_run_replays_identically_including_its_faults()
    {
        (List<string> first, List<uint> firstStates) = SeededRun(42);
        (List<string> again, List<uint> againStates) = SeededRun(42);
        Assert.Contains(first, e => e.Contains("fault", StringComparison.Ordinal));
        Assert.Equal(first, again);
        Assert.Equal(firstStates, againStates);
        (List<string> other, _) = SeededRun(7);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Deterministic_umq_run_replays_identically()
    {
        static List<string> Run(int seed)
        {
            using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf, new SimulationOptions { Seed = seed });
            using var umq = new UserModeQueue(rig);
            for (int batch = 0; batch < 10; batch++)
            {
                ulong last = 0;
                for (int i = 0; i < 8; i++)
                {
                    last = umq.Push();
                }

                umq.Ring();
                Assert.Equal(Errno.None, umq.Wait(rig, last, 0));
            }

            return [.. rig.Kernel.TraceLog];
        }

        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
    }

    [Fact]
    public void Several_threads_submit_and_wait_on_one_aie2_context()
    {
        using var rig = new NpuRig(options: new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        rig.Heap();
        amdxdna_drm_create_hwctx ctx = rig.Context();
        uint cmd = rig.Bo(Cmd, 4096);
        const int Threads = 4, PerThread = 50;
        var seqs = new List<ulong>[Threads];
        var errors = new List<Errno>();
        var threads = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int index = t;
            seqs[t] = [];
            threads[t] = new Thread(() =>
            {
                for (int i = 0; i < PerThread; i++)
                {
                    Errno e = rig.Exec(ctx.handle, cmd, out ulong seq);
                    Errno w = e == Errno.None ? rig.TimelineWait(ctx.syncobj_handle, seq, rig.InSeconds(10)) : e;
                    lock (errors)
                    {
                        if (e != Errno.None || w != Errno.None)
                        {
                            errors.Add(e != Errno.None ? e : w);
                        }
                    }

                    seqs[index].Add(seq);
                }
            });
            threads[t].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Empty(errors);
        Assert.Equal(Enumerable.Range(0, Threads * PerThread).Select(i => (ulong)i), seqs.SelectMany(s => s).Order());
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Several_threads_submit_to_one_user_mode_queue_under_a_user_lock_and_wait_concurrently()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf, new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        using var umq = new UserModeQueue(rig);
        var producer = new object();
        var errors = new List<Errno>();
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                ulong seq;
                lock (producer)
                {
                    while (umq.WriteIndex - umq.ReadIndex >= UserModeQueue.Capacity)
                    {
                        Thread.Yield();
                    }

                    seq = umq.Push();
                    umq.Ring();
                }

                Errno e = umq.Wait(rig, seq, 10_000);
                if (e != Errno.None)
                {
                    lock (errors)
                    {
                        errors.Add(e);
                    }
                }
            }
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Empty(errors);
        Assert.Equal(400UL, umq.ReadIndex);
    }
}
