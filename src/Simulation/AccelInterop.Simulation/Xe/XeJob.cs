using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Scheduler;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// One EXEC of an exec queue (<c>struct xe_sched_job</c>): its batch addresses (one per LRC of
/// the queue's width), the user fence the ring writes after the batch, and its hardware fence,
/// whose 32-bit seqno is allocated when the job is armed.
/// </summary>
public sealed class XeJob : SchedJob
{
    internal XeJob(XeExecQueue queue, ulong[] batches, ulong userFenceAddress, ulong userFenceValue, bool hasUserFence)
    {
        Queue = queue;
        Batches = batches;
        UserFenceAddress = userFenceAddress;
        UserFenceValue = userFenceValue;
        HasUserFence = hasUserFence;
    }

    public XeExecQueue Queue { get; }

    internal ulong[] Batches { get; }
    internal ulong UserFenceAddress { get; }
    internal ulong UserFenceValue { get; }
    internal bool HasUserFence { get; }

    /// <summary>The hardware fence (xe_hw_fence), its seqno from the ring's 32-bit timeline; the job holds a reference until freed.</summary>
    public DmaFence? HardwareFence { get; internal set; }

    /// <summary>The hardware fence's 32-bit seqno.</summary>
    public uint Seqno => (uint)(HardwareFence?.Seqno ?? 0);
}
