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
        LrcFences = new DmaFence[queue.Width];
    }

    public XeExecQueue Queue { get; }

    internal ulong[] Batches { get; }
    internal ulong UserFenceAddress { get; private set; }
    internal ulong UserFenceValue { get; private set; }
    internal bool HasUserFence { get; private set; }

    /// <summary>
    /// The hardware fence: for width 1 its LRC's seqno fence (xe_hw_fence, 32-bit timeline); for a
    /// parallel job one that signals when every LRC's has. The job holds a reference until freed.
    /// </summary>
    public DmaFence? HardwareFence { get; internal set; }

    /// <summary>Each LRC's seqno fence of this job, all with the same seqno (a reference each).</summary>
    internal DmaFence[] LrcFences { get; }

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

    /// <summary>free_job: the job's fence references go.</summary>
    internal void PutFences()
    {
        HardwareFence?.Put();
        HardwareFence = null;
        for (int i = 0; i < LrcFences.Length; i++)
        {
            LrcFences[i]?.Put();
            LrcFences[i] = null!;
        }
    }

    /// <summary>A released job made ready for the next EXEC.</summary>
    internal void Recycle() => ResetForReuse();
}
