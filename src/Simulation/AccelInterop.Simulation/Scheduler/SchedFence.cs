using AccelInterop.Simulation.Fences;

namespace AccelInterop.Simulation.Scheduler;

/// <summary>
/// The scheduler's fence pair of one job (<c>struct drm_sched_fence</c>): <see cref="Scheduled"/>
/// signals when the job is handed to the hardware, <see cref="Finished"/> when it is done — the
/// one user space waits on. <see cref="Parent"/> is the hardware fence run_job returned. The
/// finished fence holds the scheduled one, and the scheduled one holds the parent, so all three
/// live as long as someone holds the finished fence (<c>sched_fence.c:drm_sched_fence_release_finished</c>,
/// <c>drm_sched_fence_release_scheduled</c>).
/// </summary>
public sealed class SchedFence
{
    private DmaFence? _parent;

    internal SchedFence(DmaFenceContext scheduledContext, DmaFenceContext finishedContext, ulong seqno)
    {
        Scheduled = new ScheduledFence(this, scheduledContext, seqno);
        Finished = new FinishedFence(this, finishedContext, seqno);
    }

    public DmaFence Scheduled { get; }

    public DmaFence Finished { get; }

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
        protected override void OnReleased() => owner.DropParent();
    }

    private sealed class FinishedFence(SchedFence owner, DmaFenceContext context, ulong seqno) : DmaFence(context, seqno)
    {
        protected override void OnReleased() => owner.Scheduled.Put();
    }
}
