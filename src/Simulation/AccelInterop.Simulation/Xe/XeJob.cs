using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Scheduler;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// One EXEC of an exec queue (<c>struct xe_sched_job</c>): its batch addresses (one per LRC of
/// the queue's width, run as one parallel submission), the user fence the ring writes after the
/// batches, and its hardware fence, whose 32-bit seqno is allocated when the job is armed. Jobs
/// come from their queue's pool and go back once the scheduler has released them.
/// </summary>
public sealed class XeJob : SchedJob
{
    internal XeJob(XeExecQueue queue)
    {
        Queue = queue;
        Batches = new ulong[queue.Width];
    }

    public XeExecQueue Queue { get; }

    internal ulong[] Batches { get; }
    internal ulong UserFenceAddress { get; private set; }
    internal ulong UserFenceValue { get; private set; }
    internal bool HasUserFence { get; private set; }

    /// <summary>The hardware fence (xe_hw_fence), its seqno from the ring's 32-bit timeline; the job holds a reference until freed.</summary>
    public DmaFence? HardwareFence { get; internal set; }

    /// <summary>The hardware fence's 32-bit seqno.</summary>
    public uint Seqno => (uint)(HardwareFence?.Seqno ?? 0);

    // xe_sched_job_create: the batch addresses and the user fence of this EXEC.
    internal void Fill(ReadOnlySpan<ulong> batches, XeSyncEntry? userFence)
    {
        batches.CopyTo(Batches);
        HasUserFence = userFence is not null;
        UserFenceAddress = userFence?.Address ?? 0;
        UserFenceValue = userFence?.TimelineValue ?? 0;
    }

    /// <summary>A released job made ready for the next EXEC.</summary>
    internal void Recycle()
    {
        ResetForReuse();
        HardwareFence = null;
    }
}
