using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// One logical ring context of an exec queue (<c>struct xe_lrc</c>): its 16 KiB ring, the command
/// streamer state saved in it (<see cref="XeEngine"/>), the hardware engine it is placed on (shared
/// with the other contexts there, <see cref="XeHwEngineArbiter"/>), its seqno fence timeline
/// (<c>lrc->fence_ctx</c>) and the fences in flight on it. A parallel queue has one per slot of its
/// width, on consecutive engine instances, all given the same job at once. Guarded by the queue's
/// engine lock.
/// </summary>
internal sealed class XeLrc
{
    // Released hardware fences kept for reuse: a full ring's worth and some.
    private const int FencePoolCapacity = 128;

    public XeLrc(XeExecQueue queue, ObjectCounts counts, XeHwEngineArbiter arbiter)
    {
        Queue = queue;
        Arbiter = arbiter;
        Engine = new XeEngine(queue);
        Fences = new DmaFenceContext("xe", "hw-ring", use64BitSeqno: false, counts: counts);
    }

    public XeExecQueue Queue { get; }

    /// <summary>The hardware engine the context runs on.</summary>
    public XeHwEngineArbiter Arbiter { get; }

    public XeRing Ring { get; } = new();

    public XeEngine Engine { get; }

    public DmaFenceContext Fences { get; }

    /// <summary>Seqno fences written into the ring and not yet reached, oldest first (a reference each).</summary>
    public Queue<DmaFence> InFlight { get; } = new();

    public FreeList<XeHwFence> FencePool { get; } = new(FencePoolCapacity);

    /// <summary>xe_lrc_init_seqno_fence: the fence for <paramref name="seqno"/> on this ring's timeline.</summary>
    public XeHwFence NewFence(uint seqno) => XeHwFence.Create(Fences, seqno, FencePool);
}
