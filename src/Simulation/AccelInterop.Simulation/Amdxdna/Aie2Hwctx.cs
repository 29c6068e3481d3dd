using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Scheduler;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Amdxdna;

/// <summary>
/// AIE2 context: 4 job slots (job_sem), seq from 0, a binary syncobj in the caller's table that
/// gets timeline point seq for every job, 4 internal command-chain DEV BOs, and its own
/// scheduler (credit limit 4, the job timeout of <see cref="SimulationOptions.JobTimeout"/>) with
/// one entity, as <c>aie2_ctx.c:aie2_hwctx_init</c> sets them up. The context is the scheduler's
/// backend (<c>aie2_sched_job_run</c>, <c>aie2_sched_job_timedout</c>, <c>aie2_sched_job_free</c>).
/// </summary>
public sealed class Aie2Hwctx : AmdxdnaHwctx, ISchedBackend<Aie2Job>
{
    private readonly Lock _ioLock = new();
    private readonly AmdxdnaBo[] _chainBuffers;
    private readonly Aie2Firmware _firmware = new();
    private int _freeSlots = AmdxdnaGenerations.Aie2MaxCommands;
    private ulong _seq;

    internal Aie2Hwctx(AmdxdnaClient client, uint numTiles, uint numColumns, DrmSyncobj syncobj, AmdxdnaBo[] chainBuffers)
        : base(client, numTiles)
    {
        SimulatedKernel kernel = client.Device.Kernel;
        NumColumns = numColumns;
        Syncobj = syncobj;
        _chainBuffers = chainBuffers;
        AmdxdnaDriver driver = Driver;
        Scheduler = new GpuScheduler<Aie2Job>(kernel, "amdxdna hwctx", this, AmdxdnaGenerations.Aie2MaxCommands,
            kernel.Options.JobTimeout, driver.Kick);
        Entity = new SchedEntity<Aie2Job>(Scheduler);
        HardwareFences = new DmaFenceContext("amdxdna", "hwctx-hw", use64BitSeqno: true, firstSeqno: 0, counts: kernel.Counts);
    }

    public uint NumColumns { get; }
    public DrmSyncobj Syncobj { get; }

    /// <summary>The context's scheduler (one per AIE2 context).</summary>
    public GpuScheduler<Aie2Job> Scheduler { get; }

    /// <summary>The context's one entity.</summary>
    public SchedEntity<Aie2Job> Entity { get; }

    /// <summary>The scheduler's finished fences (what the syncobj points carry).</summary>
    public DmaFenceContext Fences => Entity.FinishedFences;

    /// <summary>The firmware's (hardware) fences, created when a job runs.</summary>
    public DmaFenceContext HardwareFences { get; }

    public bool CusConfigured { get; internal set; }

    public int FreeSlots => Volatile.Read(ref _freeSlots);

    /// <summary>Jobs submitted and not yet finished: queued on the entity or running.</summary>
    public int JobsInFlight => Entity.QueuedJobs + Scheduler.PendingJobs;

    private struct SlotFree(Aie2Hwctx context) : IWaitCondition
    {
        public readonly bool IsSatisfied() => Volatile.Read(ref context._freeSlots) > 0 || context.IsDestroyed;
    }

    /// <summary>Takes one of the 4 slots (down(job_sem)), blocking — with inline firmware: running it — until one is free.</summary>
    internal int TakeSlot()
    {
        while (true)
        {
            int free = Volatile.Read(ref _freeSlots);
            if (IsDestroyed)
            {
                return -EINVAL;
            }

            if (free > 0 && Interlocked.CompareExchange(ref _freeSlots, free - 1, free) == free)
            {
                return 0;
            }

            if (free == 0)
            {
                var condition = new SlotFree(this);
                int r = Client.Device.Kernel.WaitUntil(ref condition, long.MaxValue);
                if (r < 0)
                {
                    return r;
                }
            }
        }
    }

    internal void ReleaseSlot()
    {
        Interlocked.Increment(ref _freeSlots);
        Client.Device.Kernel.FenceWakeup.WakeUpAll();
    }

    /// <summary>
    /// aie2_cmd_submit after the slot: init and arm the job, seq, the syncobj point, push. On
    /// failure nothing is kept (the caller still holds the BOs and the slot). The lock is the
    /// context's io_lock: concurrent submits take their seq and push in one order. EXEC_CMD holds the
    /// client's SRCU from the lookup through this push, and a destroy synchronizes with it before
    /// <see cref="Fini"/>, so a looked-up context is not destroyed here; the check below only keeps
    /// a caller outside that rule from pushing onto a drained entity.
    /// </summary>
    internal int Submit(AmdxdnaBo command, AmdxdnaBo[] arguments, out ulong seq)
    {
        var job = new Aie2Job(command, arguments);
        lock (_ioLock)
        {
            seq = 0;
            if (IsDestroyed)
            {
                return -EINVAL;
            }

            int r = Entity.InitJob(job, credits: 1);
            if (r < 0)
            {
                return r;
            }

            Entity.Arm(job);
            seq = _seq++;
            job.Seq = seq;
            Driver.JobCounter.Add(1);
            Syncobj.AddPoint(seq, job.Fence!.Finished);
            SimulatedKernel kernel = Client.Device.Kernel;
            if (kernel.IsDeterministic)
            {
                kernel.Trace($"hwctx {Id}: submit seq {seq}");
            }

            Entity.Push(job);
            return 0;
        }
    }

    internal override long NextTimer => Scheduler.NextTimer;

    internal override bool Step(AmdxdnaDriver driver)
    {
        SimulatedKernel kernel = Client.Device.Kernel;
        int budget = kernel.IsDeterministic ? 1 + kernel.NextRandom(AmdxdnaGenerations.Aie2MaxCommands) : int.MaxValue;
        bool progressed = _firmware.Step(this, driver, budget);
        progressed |= Scheduler.Step(kernel.MonotonicNanoseconds); // the clock after the answers, as the timeout work would see it
        return progressed;
    }

    // aie2_sched_job_run, with the rocket_job_run error discipline (ring-fence.md §4): the
    // hardware fence and the job's extra reference on it are both dropped on failure, and an
    // error is returned instead of a fence that would never signal.
    int ISchedBackend<Aie2Job>.RunJob(Aie2Job job, out DmaFence? hardwareFence)
    {
        SimulatedKernel kernel = Client.Device.Kernel;
        hardwareFence = null;
        var hardware = new DmaFence(HardwareFences, job.Seq);
        job.DoneFence = hardware.Get();
        // The step after the fence exists that can fail: attaching the context's IOMMU domain /
        // sending the job to the firmware (aie2_execbuf's error in aie2_sched_job_run).
        if (kernel.Faults.ShouldFail(FaultPoint.IommuAttachFailure))
        {
            job.DoneFence.Put();
            job.DoneFence = null;
            hardware.Put();
            AmdxdnaDriver.SetCommandState(job.Command, ErtState.Error);
            return -ENODEV;
        }

        job.Hung = kernel.Faults.ShouldFail(FaultPoint.FirmwareHang);
        _firmware.Send(job);
        hardwareFence = hardware;
        return 0;
    }

    // aie2_sched_job_timedout: aie2_tdr_detect answers NO_HANG while the firmware still makes
    // progress. Otherwise the whole context is reset (aie2_hwctx_stop, then aie2_hwctx_restart):
    // drm_sched_stop(bad) takes every running job off its hardware fence; destroying the
    // firmware context stops the mailbox, which answers every message it still holds with no
    // data (aie2_sched_resp_handler: ERT_CMD_STATE_TIMEOUT for the timed-out job, ABORT for the
    // rest, and the hardware fence signals); drm_sched_start(0) then finishes each of those jobs
    // with -ECANCELED. Jobs still queued on the entity run afterwards on the new firmware context.
    SchedStat ISchedBackend<Aie2Job>.TimedOutJob(Aie2Job job)
    {
        if (!job.Hung)
        {
            return SchedStat.NoHang;
        }

        job.TimedOut = true;
        Scheduler.Stop(job);
        foreach (Aie2Job running in _firmware.TakeAll())
        {
            AmdxdnaDriver.SetCommandState(running.Command, running.TimedOut ? ErtState.Timeout : ErtState.Abort);
            Notify(running);
        }

        SimulatedKernel kernel = Client.Device.Kernel;
        if (kernel.IsDeterministic)
        {
            kernel.Trace($"hwctx {Id}: firmware context reset after seq {job.Seq} timed out");
        }

        Scheduler.Start();
        return SchedStat.Reset;
    }

    // aie2_sched_notify: the firmware answered — the hardware fence signals, the slot goes back.
    internal void Notify(Aie2Job job)
    {
        job.DoneFence!.Signal();
        job.SlotReleased = true;
        ReleaseSlot();
    }

    // aie2_sched_job_free: the BO references, the job's hardware-fence reference, and the slot if
    // aie2_sched_notify did not give it back.
    void ISchedBackend<Aie2Job>.FreeJob(Aie2Job job)
    {
        // A job the firmware never answered (cancelled at teardown, killed in the queue) is
        // aborted here; an answered one already has the state the answer gave it.
        int error = job.Fence!.Finished.Error;
        if ((error == -ECANCELED || error == -ESRCH) && !job.SlotReleased)
        {
            AmdxdnaDriver.SetCommandState(job.Command, ErtState.Abort);
        }

        SimulatedKernel kernel = Client.Device.Kernel;
        if (kernel.IsDeterministic)
        {
            kernel.Trace($"hwctx {Id}: seq {job.Seq} freed, error {error}");
        }

        job.DoneFence?.Put();
        job.DoneFence = null;
        job.Command.Put();
        foreach (AmdxdnaBo argument in job.Arguments)
        {
            argument.Put();
        }

        Driver.JobCounter.Add(-1);
        if (!job.SlotReleased)
        {
            ReleaseSlot(); // a job the firmware never answered (failed to run, cancelled, killed)
        }
    }

    // drm_sched_fini's cancel_job: the firmware drops the job; its hardware fence fails with -ECANCELED.
    void ISchedBackend<Aie2Job>.CancelJob(Aie2Job job)
    {
        _firmware.Remove(job);
        Abandon(job);
    }

    private static void Abandon(Aie2Job job)
    {
        if (job.DoneFence is { IsSignaled: false } done)
        {
            done.SetError(-ECANCELED);
            done.Signal();
        }
    }

    private struct Drained(Aie2Hwctx context) : IWaitCondition
    {
        public readonly bool IsSatisfied() => context.JobsInFlight == 0;
    }

    // aie2_hwctx_fini: wait up to 2 s for the jobs (aie2_hwctx_wait_for_idle); stop the scheduler,
    // destroy the firmware context (its jobs' hardware fences fail with -ECANCELED), kill the
    // entity (queued jobs: -ESRCH), restart the scheduler (running jobs: -ECANCELED) and tear it
    // down; then the syncobj and the chain buffers. The kernel restarts before destroying the
    // entity; killing first keeps a queued job from being run on the destroyed firmware context.
    protected override void Fini()
    {
        SimulatedKernel kernel = Client.Device.Kernel;
        var drained = new Drained(this);
        kernel.WaitUntil(ref drained, kernel.MonotonicNanoseconds + 2_000_000_000);
        Scheduler.Stop();
        foreach (Aie2Job job in _firmware.TakeAll())
        {
            Abandon(job);
        }

        Entity.Kill();
        Scheduler.Start();
        Scheduler.Fini();
        Syncobj.Put();
        foreach (AmdxdnaBo buffer in _chainBuffers)
        {
            buffer.Put();
        }
    }
}
