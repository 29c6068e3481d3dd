using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Vgem;

/// <summary>
/// A vgem fence (<c>vgem_fence.c</c>): seqno 1 on a context of its own, signalled by
/// VGEM_FENCE_SIGNAL, when its file closes, or by its timer <see cref="Timeout"/> after creation
/// so that a forgotten fence cannot hang its users.
/// </summary>
public sealed class VgemFence : DmaFence
{
    /// <summary>VGEM_FENCE_TIMEOUT: 10 s.</summary>
    public static readonly long Timeout = 10_000_000_000;

    internal VgemFence(ObjectCounts counts, long deadline)
        : base(new DmaFenceContext("vgem", "unbound", counts: counts), 1)
    {
        Deadline = deadline;
    }

    /// <summary>When the timer signals the fence (<see cref="SimulatedKernel.MonotonicNanoseconds"/>).</summary>
    public long Deadline { get; }
}
