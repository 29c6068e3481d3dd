using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Scheduler;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// An exec queue (<c>struct xe_exec_queue</c>): engine class and placements, width, priority,
/// timeslice, its VM (a reference), and — for a user queue — an LRC ring on the shared scheduler
/// (credit limit <see cref="XeRing.JobCredits"/>, the kernel's job timeout), a 32-bit hardware
/// fence timeline from <see cref="InitialSeqno"/>, the simulated engine that runs it, and the
/// ban state. It is the scheduler's backend (<c>xe_guc_submit.c</c>: run_job writes the job into
/// the ring; timedout_job bans the queue).
/// </summary>
public sealed class XeExecQueue : KRef<XeExecQueue>, ISchedBackend<XeJob>
{
    /// <summary>XE_FENCE_INITIAL_SEQNO: -127, so the 32-bit seqno wraps after 127 jobs.</summary>
    public const uint InitialSeqno = unchecked((uint)-127);

    /// <summary>XE_MAX_JOB_COUNT_PER_EXEC_QUEUE.</summary>
    public const int MaxJobs = 1000;

    // Released jobs kept for reuse: a full ring's worth and some.
    private const int JobPoolCapacity = 128;

    private readonly Lock _engineLock = new();
    private readonly Lock _submitLock = new();
    private readonly Lock _signalLock = new();
    private List<DmaFence> _reached = [];
    private List<DmaFence> _signalling = [];
    private readonly FreeList<XeJob> _jobPool = new(JobPoolCapacity);
    private readonly uint[] _commands = new uint[XeRing.MaxJobDwords];
    private readonly XeLrc[] _lrcs = [];
    private uint _nextSeqno = InitialSeqno;
    private int _jobCount;
    private volatile bool _banned;
    private volatile bool _killed;
    private readonly XeLastFence _lastFence = new();

    internal XeExecQueue(XeDriver driver, XeVm vm, XeHwEngine engine, ushort width, ushort placements, uint priority, bool bindQueue)
        : base(driver.QueueCounter)
    {
        Driver = driver;
        Vm = vm.Get();
        Engine = engine;
        Width = width;
        Placements = placements;
        Priority = priority;
        IsBindQueue = bindQueue;
        if (bindQueue)
        {
            return;
        }

        SimulatedKernel kernel = driver.Device.Kernel;
        // A parallel queue's slots sit on consecutive instances (calc_validate_logical_mask); a queue
        // with several placements runs on the first (the GuC's load balancing is not modelled).
        _lrcs = new XeLrc[width];
        for (int i = 0; i < width; i++)
        {
            _lrcs[i] = new XeLrc(this, kernel.Counts, driver.Arbiter(engine with { Instance = (ushort)(engine.Instance + i) }));
        }

        Scheduler = new GpuScheduler<XeJob>(kernel, "xe exec queue", this, XeRing.JobCredits, kernel.Options.JobTimeout, driver.Kick);
        Entity = new SchedEntity<XeJob>(Scheduler, recycleFences: true);
    }

    public XeDriver Driver { get; }
    public XeVm Vm { get; }
    public XeHwEngine Engine { get; }
    public ushort Width { get; }
    public ushort Placements { get; }
    public uint Priority { get; internal set; }

    /// <summary>Timeslice in µs (the engine class default, or the value set at creation).</summary>
    public uint TimesliceMicroseconds { get; internal set; } = XeExecQueueLimits.DefaultTimesliceMicroseconds;

    /// <summary>A VM_BIND-class queue (EXEC_QUEUE_FLAG_VM): no ring, binds run on it.</summary>
    public bool IsBindQueue { get; }

    /// <summary>The id in its file (set when added).</summary>
    public uint Id { get; internal set; }

    /// <summary>Whether the queue is registered as a preempt-fence queue on an LR VM.</summary>
    internal bool IsPreemptFenceQueue { get; set; }

    /// <summary>The ring of the first (for width 1, the only) LRC.</summary>
    public XeRing? Ring => _lrcs.Length == 0 ? null : _lrcs[0].Ring;

    /// <summary>Every LRC's ring: one per slot of the width.</summary>
    public IEnumerable<XeRing> Rings => _lrcs.Select(lrc => lrc.Ring);
    public GpuScheduler<XeJob>? Scheduler { get; }
    public SchedEntity<XeJob>? Entity { get; }

    /// <summary>The first LRC's hardware fences (32-bit seqnos that wrap).</summary>
    public DmaFenceContext? HardwareFences => _lrcs.Length == 0 ? null : _lrcs[0].Fences;

    /// <summary>reset_status: the queue hung and was banned (EXEC -ECANCELED, waits on it -EIO).</summary>
    public bool IsBanned => _banned;

    /// <summary>Jobs created and not yet freed (q->job_cnt).</summary>
    public int JobCount => Volatile.Read(ref _jobCount);

    /// <summary>The hardware engines the queue's contexts run on (one per slot of the width).</summary>
    public IEnumerable<XeHwEngine> HardwareEngines => _lrcs.Select(lrc => lrc.Arbiter.Engine);

    /// <summary>The seqno the ring last wrote.</summary>
    public uint HardwareSeqno => _lrcs.Length == 0 ? 0 : _lrcs[0].Engine.HardwareSeqno;

    internal long NextTimer => Scheduler?.NextTimer ?? long.MaxValue;

    /// <summary>The queue's last fence (what an EXEC without batch and a no-op bind wait for).</summary>
    internal XeLastFence LastFence => _lastFence;

    /// <summary>
    /// xe_exec's job part: the job count (-EAGAIN at <see cref="MaxJobs"/>), job init (-ENOMEM),
    /// dependencies, arm (the hardware seqno), the out-syncs, push. Returns 0 or -errno; on
    /// failure nothing is kept.
    /// </summary>
    internal int Submit(ReadOnlySpan<ulong> batches, ReadOnlySpan<XeSyncEntry> syncs)
    {
        if (!_jobPool.TryTake(out XeJob? job))
        {
            job = new XeJob(this);
        }

        job.Fill(batches, XeSyncEntry.UserFence(syncs));
        lock (_submitLock)
        {
            int r = Entity!.InitJob(job, credits: 1);
            if (r < 0)
            {
                _jobPool.Return(job); // initialised nothing: the job is as it came
                return r;
            }

            Interlocked.Increment(ref _jobCount);
            Driver.JobCounter.Add(1);
            foreach (XeSyncEntry sync in syncs)
            {
                if (sync.Fence is DmaFence fence)
                {
                    job.AddDependency(fence);
                }
            }

            Entity.Arm(job);
            // xe_sched_job_arm: every LRC's fence gets the same seqno; a parallel job's hardware fence
            // is one that signals when all of them have (the kernel chains them).
            uint seqno = _nextSeqno++;
            for (int i = 0; i < _lrcs.Length; i++)
            {
                job.LrcFences[i] = _lrcs[i].NewFence(seqno);
            }

            job.HardwareFence = _lrcs.Length == 1 ? job.LrcFences[0].Get() : DmaFenceArray.Create(job.LrcFences, Driver.Device.Kernel.Counts);
            DmaFence finished = job.Fence!.Finished;
            foreach (XeSyncEntry sync in syncs)
            {
                sync.SignalWith(finished);
            }

            _lastFence.Set(finished);
            Entity.Push(job);
            return 0;
        }
    }

    // guc_exec_queue_run_job / emit_job_gen12_*: on every LRC at once (a parallel queue's work-queue
    // item submits them together), its batch, the user fence, the seqno, an interrupt.
    int ISchedBackend<XeJob>.RunJob(XeJob job, out DmaFence? hardwareFence)
    {
        hardwareFence = job.HardwareFence!.Get();
        if (_banned || _killed)
        {
            foreach (DmaFence fence in job.LrcFences)
            {
                if (fence is { IsSignaled: false })
                {
                    fence.SetError(-ECANCELED);
                    fence.Signal();
                }
            }

            return 0;
        }

        lock (_engineLock)
        {
            for (int i = 0; i < _lrcs.Length; i++)
            {
                DmaFence fence = job.LrcFences[i];
                int n = 0;
                _commands[n++] = XeMiCommand.BatchBufferStart;
                _commands[n++] = (uint)job.Batches[i];
                _commands[n++] = (uint)(job.Batches[i] >> 32);
                if (job.HasUserFence)
                {
                    _commands[n++] = XeMiCommand.StoreQword;
                    _commands[n++] = (uint)job.UserFenceAddress;
                    _commands[n++] = (uint)(job.UserFenceAddress >> 32);
                    _commands[n++] = (uint)job.UserFenceValue;
                    _commands[n++] = (uint)(job.UserFenceValue >> 32);
                }

                _commands[n++] = XeMiCommand.StoreDwordGgtt;
                _commands[n++] = 0; // the status page's seqno slot
                _commands[n++] = 0;
                _commands[n++] = (uint)fence.Seqno;
                _commands[n++] = XeMiCommand.UserInterrupt;
                _lrcs[i].Ring.Write(_commands.AsSpan(0, n));
                _lrcs[i].InFlight.Enqueue(fence.Get());
            }
        }

        return 0;
    }

    /// <summary>The scheduler runs what is ready (run_job writes the rings); true if anything progressed.</summary>
    internal bool StepScheduler(long now) => !IsBindQueue && !_killed && Scheduler!.Step(now);

    /// <summary>Whether <paramref name="lrc"/> has commands to run (its arbiter asks).</summary>
    internal bool HasWork(XeLrc lrc)
    {
        lock (_engineLock)
        {
            return !_killed && lrc.Engine.HasWork(lrc.Ring);
        }
    }

    /// <summary>The arbiter gave <paramref name="lrc"/> the engine: at most <paramref name="budget"/> commands; how many ran.</summary>
    internal int RunLrc(XeLrc lrc, int budget, ref bool interrupt)
    {
        lock (_engineLock)
        {
            return _killed ? 0 : lrc.Engine.Run(lrc.Ring, lrc.InFlight, _reached, budget, ref interrupt);
        }
    }

    /// <summary>After the engines ran: the fences they reached signal, and the scheduler looks again when anything moved.</summary>
    internal bool Complete(long now, bool enginesProgressed)
    {
        if (IsBindQueue || _killed)
        {
            return false;
        }

        bool signalled = SignalReached();
        if (signalled || enginesProgressed)
        {
            Scheduler!.Step(now);
        }

        return signalled;
    }

    /// <summary>The hardware engines this queue's contexts are placed on register them (EXEC_QUEUE_CREATE) or drop them (destroy).</summary>
    internal void Place(bool add)
    {
        foreach (XeLrc lrc in _lrcs)
        {
            if (add)
            {
                lrc.Arbiter.Add(lrc);
            }
            else
            {
                lrc.Arbiter.Remove(lrc);
            }
        }
    }

    // The fences the engine reached are signalled outside the engine lock: the two lists swap so
    // the engine can go on meanwhile. Inline firmware may step from several threads; one signals at a time.
    private bool SignalReached()
    {
        lock (_signalLock)
        {
            List<DmaFence> reached;
            lock (_engineLock)
            {
                if (_reached.Count == 0)
                {
                    return false;
                }

                reached = _reached;
                _reached = _signalling;
                _signalling = reached;
            }

            foreach (DmaFence fence in reached)
            {
                fence.Signal();
                fence.Put();
            }

            reached.Clear();
            return true;
        }
    }

    // guc_exec_queue_timedout_job: a job still running when the timer fires hung the engine — the
    // job's fence gets -ETIME, everything else in flight -ECANCELED, and the queue is banned.
    SchedStat ISchedBackend<XeJob>.TimedOutJob(XeJob job)
    {
        List<DmaFence> cancelled;
        lock (_engineLock)
        {
            _banned = true;
            cancelled = TakeInFlight();
        }

        Driver.Device.Kernel.Trace($"xe queue {Id}: job {job.Seqno} timed out, queue banned");
        foreach (DmaFence fence in cancelled)
        {
            if (!fence.IsSignaled)
            {
                fence.SetError(Array.IndexOf(job.LrcFences, fence) >= 0 ? -ETIME : -ECANCELED);
                fence.Signal();
            }

            fence.Put();
        }

        Driver.Device.Kernel.FenceWakeup.WakeUpAll();
        return SchedStat.Reset;
    }

    // Every LRC's fences still in flight, oldest first per ring (under the engine lock).
    private List<DmaFence> TakeInFlight()
    {
        List<DmaFence> taken = [];
        foreach (XeLrc lrc in _lrcs)
        {
            while (lrc.InFlight.TryDequeue(out DmaFence? fence))
            {
                taken.Add(fence);
            }
        }

        return taken;
    }

    void ISchedBackend<XeJob>.FreeJob(XeJob job)
    {
        job.PutFences();
        Interlocked.Decrement(ref _jobCount);
        Driver.JobCounter.Add(-1);
    }

    void ISchedBackend<XeJob>.JobReleased(XeJob job)
    {
        job.Recycle();
        _jobPool.Return(job);
    }

    void ISchedBackend<XeJob>.CancelJob(XeJob job)
    {
        foreach (DmaFence fence in job.LrcFences)
        {
            if (fence is { IsSignaled: false })
            {
                fence.SetError(-ECANCELED);
                fence.Signal();
            }
        }
    }

    /// <summary>
    /// xe_exec_queue_kill + the scheduler's teardown (EXEC_QUEUE_DESTROY, file close): queued jobs
    /// are killed, running ones cancelled; the ring's fences still in flight fail with -ECANCELED.
    /// </summary>
    internal void Kill()
    {
        _killed = true;
        if (IsPreemptFenceQueue)
        {
            IsPreemptFenceQueue = false;
            Vm.RemovePreemptQueue();
        }

        if (IsBindQueue)
        {
            return;
        }

        Scheduler!.Stop();
        List<DmaFence> cancelled;
        lock (_engineLock)
        {
            cancelled = TakeInFlight();
        }

        foreach (DmaFence fence in cancelled)
        {
            if (!fence.IsSignaled)
            {
                fence.SetError(-ECANCELED);
                fence.Signal();
            }

            fence.Put();
        }

        Entity!.Kill();
        Scheduler.Start();
        Scheduler.Fini();
        Driver.Device.Kernel.FenceWakeup.WakeUpAll();
    }

    protected override void Release()
    {
        _lastFence.Put();
        Vm.Put();
    }
}
