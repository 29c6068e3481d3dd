using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Scheduler;

/// <summary>
/// The drm_sched model (<c>drivers/gpu/drm/scheduler/sched_main.c</c>), once for every driver:
/// entities queue jobs; the scheduler runs the first ready job of an entity when its
/// dependencies have signalled and enough of <see cref="CreditLimit"/> is free, signals the
/// scheduled fence with the hardware fence as parent, finishes the job (credits back, finished
/// fence with the hardware fence's error) when the hardware fence signals, times out the oldest
/// running job, and frees finished jobs in order through the driver's
/// <see cref="ISchedBackend{TJob}"/>. Its work items (run, free, timeout) run in
/// <see cref="Step"/>, which the device's firmware host calls — on the firmware thread or inline.
/// </summary>
public sealed class GpuScheduler<TJob> : IJobDone
    where TJob : SchedJob
{
    private readonly Lock _lock = new();
    private readonly ISchedBackend<TJob> _backend;
    private readonly Action? _wakeup;
    private readonly List<TJob> _pending = [];
    private readonly Queue<TJob> _killed = new();
    private readonly long _timeoutNanoseconds;
    private SchedEntity<TJob>[] _entities = [];
    private int _creditCount;
    private long _timeoutAt = long.MaxValue;
    private bool _stopped;

    /// <param name="creditLimit">How many credits running jobs may hold together (drm_sched_init_args.credit_limit).</param>
    /// <param name="timeout">How long the oldest running job may run before <see cref="ISchedBackend{TJob}.TimedOutJob"/>; infinite: never.</param>
    /// <param name="wakeup">Asks whoever steps this scheduler to do so soon (a firmware host's doorbell).</param>
    public GpuScheduler(SimulatedKernel kernel, string name, ISchedBackend<TJob> backend, uint creditLimit, TimeSpan timeout, Action? wakeup = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentOutOfRangeException.ThrowIfZero(creditLimit);
        Kernel = kernel;
        Name = name;
        _backend = backend;
        CreditLimit = creditLimit;
        _timeoutNanoseconds = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)timeout.TotalNanoseconds;
        _wakeup = wakeup;
        JobCounter = kernel.Counts.Counter(SchedJob.Jobs);
    }

    public SimulatedKernel Kernel { get; }

    public string Name { get; }

    public uint CreditLimit { get; }

    /// <summary>Credits held by jobs that run (handed to the hardware and not finished).</summary>
    public int CreditCount => Volatile.Read(ref _creditCount);

    /// <summary>Jobs handed to the hardware and not yet freed (the pending list).</summary>
    public int PendingJobs
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Whether <see cref="Stop"/> (or <see cref="Fini"/>) holds the scheduler's work.</summary>
    public bool IsStopped => Volatile.Read(ref _stopped);

    /// <summary>When the timeout fires, in <see cref="SimulatedKernel.MonotonicNanoseconds"/>; <see cref="long.MaxValue"/> if not armed.</summary>
    public long NextTimer => Volatile.Read(ref _stopped) ? long.MaxValue : Volatile.Read(ref _timeoutAt);

    internal ObjectCounter JobCounter { get; }

    /// <summary>drm_sched_wakeup: something may be ready (a dependency signalled, a job was pushed).</summary>
    public void Wakeup() => _wakeup?.Invoke();

    /// <summary>
    /// The scheduler's work at time <paramref name="now"/>: free finished jobs
    /// (<c>drm_sched_free_job_work</c>), fire the timeout (<c>drm_sched_job_timedout</c>), run ready
    /// jobs (<c>drm_sched_run_job_work</c>), and free what that finished at once. True if anything changed.
    /// </summary>
    public bool Step(long now)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return false;
            }

            bool progressed = FreeFinished(now);
            progressed |= TimeOut(now);
            progressed |= RunReady(now);
            progressed |= FreeFinished(now);
            return progressed;
        }
    }

    /// <summary>
    /// drm_sched_stop: holds the work items; takes each running job's callback off its hardware
    /// fence and drops that parent (its credits go back), frees jobs whose fence already
    /// signalled. <paramref name="bad"/> (the timed-out job) is kept, not freed.
    /// </summary>
    public void Stop(TJob? bad = null)
    {
        lock (_lock)
        {
            Volatile.Write(ref _stopped, true);
            for (int i = _pending.Count - 1; i >= 0; i--)
            {
                TJob job = _pending[i];
                DmaFence? parent = job.Fence!.Parent;
                if (parent is not null && parent.RemoveCallback(job.DoneCallback))
                {
                    job.Fence.DropParent();
                    Interlocked.Add(ref _creditCount, -(int)job.Credits);
                }
                else if (!ReferenceEquals(job, bad))
                {
                    _pending.RemoveAt(i);
                    Free(job);
                }
            }

            Volatile.Write(ref _timeoutAt, long.MaxValue);
        }
    }

    /// <summary>
    /// drm_sched_start: every pending job takes its credits again; one without a hardware fence
    /// (dropped by <see cref="Stop"/>) finishes with <paramref name="errno"/> or -ECANCELED, one
    /// whose fence signalled meanwhile finishes with that fence's error; then the work resumes.
    /// </summary>
    public void Start(int errno = 0)
    {
        lock (_lock)
        {
            foreach (TJob job in _pending)
            {
                Interlocked.Add(ref _creditCount, (int)job.Credits);
                DmaFence? parent = job.Fence!.Parent;
                if (parent is null)
                {
                    JobDone(job, errno != 0 ? errno : -ECANCELED);
                }
                else if (parent.AddCallback(job.DoneCallback) != 0)
                {
                    JobDone(job, parent.Error != 0 ? parent.Error : errno);
                }
            }

            long now = Kernel.MonotonicNanoseconds;
            Volatile.Write(ref _timeoutAt, _pending.Count > 0 ? Deadline(now) : long.MaxValue);
            FreeFinished(now);
            Volatile.Write(ref _stopped, false);
        }

        Wakeup();
    }

    /// <summary>
    /// drm_sched_fini: stops for good; frees what finished, then each job still running goes to the
    /// driver's cancel_job and is freed (<c>drm_sched_cancel_remaining_jobs</c>, newest first).
    /// </summary>
    public void Fini()
    {
        lock (_lock)
        {
            Volatile.Write(ref _stopped, true);
            FreeFinished(Kernel.MonotonicNanoseconds);
            for (int i = _pending.Count - 1; i >= 0; i--)
            {
                TJob job = _pending[i];
                _backend.CancelJob(job);
                // A driver that did not signal the hardware fence leaves the finished fence
                // unsignalled (its release then WARNs); the freed job must not be called back.
                job.Fence!.Parent?.RemoveCallback(job.DoneCallback);
                _pending.RemoveAt(i);
                Free(job);
            }

            FreeKilled(); // jobs killed behind a job cancelled just now
            Volatile.Write(ref _timeoutAt, long.MaxValue);
        }
    }

    /// <summary>drm_sched_job_done: credits back, the finished fence signals with <paramref name="result"/>; the free work is asked for.</summary>
    void IJobDone.JobDone(SchedJob job, int result) => JobDone(job, result);

    private void JobDone(SchedJob job, int result)
    {
        if (!job.TryMarkDone())
        {
            return;
        }

        if (job.IsKilled)
        {
            // drm_sched_entity_kill_jobs_work: the scheduled fence, then the finished fence with -ESRCH.
            job.Fence!.MarkScheduled(null);
            job.Fence.MarkFinished(-ESRCH);
            lock (_killed)
            {
                _killed.Enqueue((TJob)job);
            }
        }
        else
        {
            Interlocked.Add(ref _creditCount, -(int)job.Credits);
            job.Fence!.MarkFinished(result);
        }

        if (Kernel.IsDeterministic)
        {
            Kernel.Trace($"sched {Name}: job {job.Fence.Finished.Seqno} done {(job.IsKilled ? -ESRCH : result)}");
        }

        Kernel.FenceWakeup.WakeUpAll();
        Wakeup();
    }

    internal void AddEntity(SchedEntity<TJob> entity)
    {
        lock (_lock)
        {
            _entities = [.. _entities, entity];
        }
    }

    /// <summary>
    /// drm_sched_entity_kill: the entity leaves the run queue (under the lock, so no job of it is
    /// being run); its queued jobs finish with -ESRCH, each after the one before it, the first
    /// after the entity's last scheduled job, so the finished timeline keeps its order.
    /// </summary>
    internal void KillEntity(SchedEntity<TJob> entity)
    {
        lock (_lock)
        {
            _entities = [.. _entities.Where(e => !ReferenceEquals(e, entity))];
            entity.CancelWake();
            DmaFence? previous = entity.TakeLastScheduled();
            while (entity.TryPop(out TJob? job))
            {
                job.IsKilled = true;
                job.Fence!.Finished.Get();
                if (previous is null || previous.AddCallback(job.DoneCallback) != 0)
                {
                    JobDone(job, -ESRCH);
                }

                previous?.Put();
                previous = job.Fence.Finished.Get(); // the next killed job waits on this one
            }

            previous?.Put();
            FreeKilled();
        }
    }

    private bool RunReady(long now)
    {
        bool progressed = false;
        while (true)
        {
            SchedEntity<TJob>? entity = null;
            TJob? job = null;
            foreach (SchedEntity<TJob> candidate in _entities)
            {
                if (candidate.TryPeek(out TJob? head) && DependenciesMet(candidate, head))
                {
                    (entity, job) = (candidate, head);
                    break;
                }
            }

            if (entity is null || job is null || !CanQueue(job))
            {
                return progressed;
            }

            entity.TryPop(out _);
            entity.SetLastScheduled(job.Fence!.Finished);
            Run(job, now);
            progressed = true;
        }
    }

    // drm_sched_job_dependency / drm_sched_entity_add_dependency_cb: wait for one fence at a time.
    private bool DependenciesMet(SchedEntity<TJob> entity, TJob job)
    {
        while (job.NextDependency() is DmaFence dependency)
        {
            if (entity.WaitFor(dependency))
            {
                return false;
            }
        }

        return true;
    }

    // drm_sched_can_queue: a job asking for more than the limit is clamped to it (the kernel WARNs).
    private bool CanQueue(TJob job)
    {
        if (job.Credits > CreditLimit)
        {
            job.Credits = CreditLimit;
        }

        return CreditLimit - (uint)Volatile.Read(ref _creditCount) >= job.Credits;
    }

    // drm_sched_run_job_work for one job.
    private void Run(TJob job, long now)
    {
        Interlocked.Add(ref _creditCount, (int)job.Credits);
        _pending.Add(job); // drm_sched_job_begin
        if (Volatile.Read(ref _timeoutAt) == long.MaxValue)
        {
            Volatile.Write(ref _timeoutAt, Deadline(now));
        }

        if (Kernel.IsDeterministic)
        {
            Kernel.Trace($"sched {Name}: run job {job.Fence!.Finished.Seqno}");
        }

        int r = _backend.RunJob(job, out DmaFence? hardware);
        if (r < 0 && hardware is not null)
        {
            throw new InvalidOperationException($"{Name}: run_job returned an error ({r}) and a fence");
        }

        job.Fence!.MarkScheduled(hardware);
        if (hardware is null)
        {
            JobDone(job, r);
            return;
        }

        if (hardware.AddCallback(job.DoneCallback) == -ENOENT)
        {
            JobDone(job, hardware.Error);
        }

        hardware.Put(); // run_job's reference; the scheduled fence keeps the parent
    }

    // drm_sched_job_timedout: the oldest running job goes to the driver. The job stays on the pending
    // list whatever the driver chose (as drm_sched_stop puts the bad job back), so the free work frees
    // it once; the timer is armed again unless the device is gone.
    private bool TimeOut(long now)
    {
        if (now < Volatile.Read(ref _timeoutAt))
        {
            return false;
        }

        if (_pending.Count == 0 || _pending[0].Fence!.Finished.IsSignaled)
        {
            Volatile.Write(ref _timeoutAt, _pending.Count == 0 ? long.MaxValue : Deadline(now));
            return false;
        }

        TJob job = _pending[0];
        if (Kernel.IsDeterministic)
        {
            Kernel.Trace($"sched {Name}: job {job.Fence!.Finished.Seqno} timed out");
        }

        SchedStat status = _backend.TimedOutJob(job);
        Volatile.Write(ref _timeoutAt, status == SchedStat.NoDevice ? long.MaxValue : Deadline(now));
        return true;
    }

    // drm_sched_get_finished_job: the oldest pending job, once finished; the timeout restarts for the next.
    private bool FreeFinished(long now)
    {
        bool progressed = FreeKilled();
        while (_pending.Count > 0 && _pending[0].Fence!.Finished.IsSignaled)
        {
            TJob job = _pending[0];
            _pending.RemoveAt(0);
            Volatile.Write(ref _timeoutAt, _pending.Count > 0 ? Deadline(now) : long.MaxValue);
            Free(job);
            progressed = true;
        }

        return progressed;
    }

    // Killed jobs are freed in seqno order: a chain of kill callbacks queues them innermost first.
    private bool FreeKilled()
    {
        TJob[] killed;
        lock (_killed)
        {
            if (_killed.Count == 0)
            {
                return false;
            }

            killed = [.. _killed.OrderBy(job => job.Fence!.Finished.Seqno)];
            _killed.Clear();
        }

        foreach (TJob job in killed)
        {
            job.Fence!.Finished.Put(); // the kill path's reference
            Free(job);
        }

        return true;
    }

    // free_job, then drm_sched_job_cleanup (the scheduler does the cleanup so no driver can forget it).
    private void Free(TJob job)
    {
        _backend.FreeJob(job);
        job.Cleanup();
        _backend.JobReleased(job);
        Kernel.FenceWakeup.WakeUpAll(); // nothing in the kernel waits for a free; a waiter on counters or slots here does
    }

    private long Deadline(long now) => _timeoutNanoseconds == long.MaxValue ? long.MaxValue : now + _timeoutNanoseconds;
}
