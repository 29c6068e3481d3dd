using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// A hardware seqno fence of one exec queue's ring (<c>xe_hw_fence.c</c>): a point on the ring's
/// 32-bit timeline. Released fences go back to the queue's free list and are handed out again as
/// later points (the kernel allocates them from its own slab), so EXEC allocates none once warm.
/// </summary>
internal sealed class XeHwFence : DmaFence
{
    private readonly FreeList<XeHwFence> _pool;

    private XeHwFence(DmaFenceContext context, uint seqno, FreeList<XeHwFence> pool)
        : base(context, seqno)
    {
        _pool = pool;
    }

    /// <summary>xe_hw_fence_alloc + xe_hw_fence_init: point <paramref name="seqno"/> of <paramref name="context"/>.</summary>
    public static XeHwFence Create(DmaFenceContext context, uint seqno, FreeList<XeHwFence> pool)
    {
        if (pool.TryTake(out XeHwFence? fence))
        {
            fence.Reinitialize(seqno);
            return fence;
        }

        return new XeHwFence(context, seqno, pool);
    }

    protected override void OnReleased() => _pool.Return(this);
}
