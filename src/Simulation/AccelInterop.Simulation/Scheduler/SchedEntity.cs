using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Scheduler;

/// <summary>
/// A submission queue on a <see cref="GpuScheduler{TJob}"/> (<c>struct drm_sched_entity</c>,
/// <c>drivers/gpu/drm/scheduler/sched_entity.c</c>): jobs run in the order they were pushed; its
/// jobs' scheduled and finished fences are two timelines of their own.
/// </summary>
public sealed class SchedEntity<TJob>
    where TJob : SchedJob
{
    /// <summary>drm_sched_entity_flush waits this long for the queue to drain (MAX_WAIT_SCHED_ENTITY_Q_EMPTY).</summary>
    public static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Queue<TJob> _queue = new();
    private readonly DependencyWake _wake;
    private readonly FreeList<SchedFence>? _fencePool;
    private ulong _fenceSeq;
    private DmaFence? _lastScheduled;
    private bool _stopped;

    /// <summary>drm_sched_entity_init: the entity joins the scheduler's run queue.</summary>
    /// <param name="recycleFences">
    /// Released fence pairs are reused for later jobs (the kernel's sched_fence slab), so arming a job
    /// allocates nothing once warm; for drivers that hold every fence they keep by a reference.
    /// </param>
    public SchedEntity(GpuScheduler<TJob> scheduler, bool recycleFences = false)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        Scheduler = scheduler;
        ObjectCounts counts = scheduler.Kernel.Counts;
        // drm_sched_fence_init: fence_context for scheduled, fence_context + 1 for finished.
        ScheduledFences = new DmaFenceContext("drm_sched", scheduler.Name, counts: counts);
        FinishedFences = new DmaFenceContext("drm_sched", scheduler.Name, counts: counts);
        _wake = new DependencyWake(scheduler);
        _fencePool = recycleFences ? new FreeList<SchedFence>(FencePoolCapacity) : null;
        scheduler.AddEntity(this);
    }

    // Enough for a full ring's worth of jobs in flight and their fences held a little longer.
    private const int FencePoolCapacity = 256;

    public GpuScheduler<TJob> Scheduler { get; }

    public DmaFenceContext ScheduledFences { get; }

    public DmaFenceContext FinishedFences { get; }

    /// <summary>Jobs pushed and not yet run or killed.</summary>
    public int QueuedJobs
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Whether the entity was killed (no job of it runs any more).</summary>
    public bool IsStopped => Volatile.Read(ref _stopped);

    /// <summary>
    /// drm_sched_job_init: 0 credits is -EINVAL; the fence allocation can fail with -ENOMEM
    /// (<see cref="FaultPoint.AllocationFailure"/>). On failure the job holds nothing.
    /// </summary>
    public int InitJob(TJob job, uint credits)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (credits == 0)
        {
            return -EINVAL;
        }

        if (Scheduler.Kernel.Faults.ShouldFail(FaultPoint.AllocationFailure))
        {
            return -ENOMEM;
        }

        job.Owner = Scheduler;
        job.Initialise(credits, Scheduler.JobCounter);
        return 0;
    }

    /// <summary>drm_sched_job_arm: the job's fence pair, with the entity's next seqno (the first is 1).</summary>
    public void Arm(TJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.IsArmed)
        {
            throw new InvalidOperationException("the job is already armed");
        }

        ulong seqno = Interlocked.Increment(ref _fenceSeq);
        job.SetFence(SchedFence.Create(ScheduledFences, FinishedFences, seqno, _fencePool));
    }

    /// <summary>drm_sched_entity_push_job: queues an armed job and wakes the scheduler.</summary>
    public void Push(TJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!job.IsArmed)
        {
            throw new InvalidOperationException("push of a job that was not armed");
        }

        lock (_lock)
        {
            if (_stopped)
            {
                throw new InvalidOperationException("push to a killed entity");
            }

            _queue.Enqueue(job);
        }

        Scheduler.Wakeup();
    }

    /// <summary>
    /// drm_sched_entity_flush: waits until the queue is empty (every job ran) or
    /// <paramref name="deadlineNanoseconds"/> passes; 0, or -ETIME.
    /// </summary>
    public int Flush(long deadlineNanoseconds)
    {
        var drained = new Drained(this);
        return Scheduler.Kernel.WaitUntil(ref drained, deadlineNanoseconds);
    }

    /// <summary>drm_sched_entity_kill: the queued jobs finish with -ESRCH, in order, and are freed.</summary>
    public void Kill()
    {
        lock (_lock)
        {
            _stopped = true;
        }

        Scheduler.KillEntity(this);
    }

    /// <summary>drm_sched_entity_destroy: flush for up to <see cref="FlushTimeout"/>, then kill.</summary>
    public void Destroy()
    {
        SimulatedKernel kernel = Scheduler.Kernel;
        Flush(kernel.MonotonicNanoseconds + (long)FlushTimeout.TotalNanoseconds);
        Kill();
    }

    internal bool TryPeek([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TJob? job)
    {
        lock (_lock)
        {
            return _queue.TryPeek(out job);
        }
    }

    internal bool TryPop([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TJob? job)
    {
        lock (_lock)
        {
            return _queue.TryDequeue(out job);
        }
    }

    // drm_sched_entity_pop_job: the entity keeps a reference on the finished fence of its last job.
    internal void SetLastScheduled(DmaFence finished) => Interlocked.Exchange(ref _lastScheduled, finished.Get())?.Put();

    internal DmaFence? TakeLastScheduled() => Interlocked.Exchange(ref _lastScheduled, null);

    /// <summary>Arms the wake-up on <paramref name="dependency"/>; false if it signalled meanwhile (look again).</summary>
    internal bool WaitFor(DmaFence dependency)
    {
        if (_wake.IsPending)
        {
            return true; // already waiting on it (one dependency at a time)
        }

        return dependency.AddCallback(_wake) == 0;
    }

    /// <summary>Takes the wake-up off the dependency it waits on (the entity is going away).</summary>
    internal void CancelWake()
    {
        if (Volatile.Read(ref _wake.QueuedOn) is DmaFence fence)
        {
            fence.RemoveCallback(_wake);
        }
    }

    private readonly struct Drained(SchedEntity<TJob> entity) : IWaitCondition
    {
        public bool IsSatisfied() => entity.QueuedJobs == 0;
    }

    // drm_sched_entity_wakeup: a dependency signalled.
    private sealed class DependencyWake(GpuScheduler<TJob> scheduler) : DmaFenceCallback
    {
        protected internal override void Invoke(DmaFence fence) => scheduler.Wakeup();
    }
}
