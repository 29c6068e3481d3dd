using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Scheduler;

/// <summary>
/// The scheduler's fence pair of one job (<c>struct drm_sched_fence</c>): <see cref="Scheduled"/>
/// signals when the job is handed to the hardware, <see cref="Finished"/> when it is done — the
/// one user space waits on. <see cref="Parent"/> is the hardware fence run_job returned. The
/// finished fence holds the scheduled one, and the scheduled one holds the parent, so all three
/// live as long as someone holds the finished fence (<c>sched_fence.c:drm_sched_fence_release_finished</c>,
/// <c>drm_sched_fence_release_scheduled</c>). An entity that recycles its fences gets the pair back
/// when the scheduled fence is released — after the finished one, so no reference to either is left.
/// </summary>
public sealed class SchedFence
{
    private readonly FreeList<SchedFence>? _pool;
    private readonly ScheduledFence _scheduled;
    private readonly FinishedFence _finished;
    private DmaFence? _parent;

    private SchedFence(DmaFenceContext scheduledContext, DmaFenceContext finishedContext, ulong seqno, FreeList<SchedFence>? pool)
    {
        _pool = pool;
        _scheduled = new ScheduledFence(this, scheduledContext, seqno);
        _finished = new FinishedFence(this, finishedContext, seqno);
    }

    // drm_sched_fence_alloc + drm_sched_fence_init: a released pair from the pool, or a new one.
    internal static SchedFence Create(DmaFenceContext scheduledContext, DmaFenceContext finishedContext, ulong seqno, FreeList<SchedFence>? pool)
    {
        if (pool is not null && pool.TryTake(out SchedFence? reused))
        {
            reused._scheduled.Reuse(seqno);
            reused._finished.Reuse(seqno);
            return reused;
        }

        return new SchedFence(scheduledContext, finishedContext, seqno, pool);
    }

    public DmaFence Scheduled => _scheduled;

    public DmaFence Finished => _finished;

    /// <summary>The hardware fence, once the job ran and until the scheduler drops it (reset, release).</summary>
    public DmaFence? Parent => Volatile.Read(ref _parent);

    // drm_sched_fence_scheduled: the parent is set before the scheduled fence signals.
    internal void MarkScheduled(DmaFence? parent)
    {
        if (parent is not null)
        {
            Volatile.Write(ref _parent, parent.Get());
        }

        Scheduled.Signal();
    }

    // drm_sched_fence_finished: the error first, then the signal.
    internal void MarkFinished(int result)
    {
        if (result < 0 && !Finished.IsSignaled)
        {
            Finished.SetError(result);
        }

        Finished.Signal();
    }

    /// <summary>Drops the parent (drm_sched_stop after taking the job's callback off it).</summary>
    internal void DropParent() => Interlocked.Exchange(ref _parent, null)?.Put();

    private sealed class ScheduledFence(SchedFence owner, DmaFenceContext context, ulong seqno) : DmaFence(context, seqno)
    {
        public void Reuse(ulong next) => Reinitialize(next);

        protected override void OnReleased()
        {
            owner.DropParent();
            owner._pool?.Return(owner);
        }
    }

    private sealed class FinishedFence(SchedFence owner, DmaFenceContext context, ulong seqno) : DmaFence(context, seqno)
    {
        public void Reuse(ulong next) => Reinitialize(next);

        protected override void OnReleased() => owner.Scheduled.Put();
    }
}
