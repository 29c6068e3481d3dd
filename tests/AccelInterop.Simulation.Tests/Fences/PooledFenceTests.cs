using AccelInterop.Simulation.Fences;

namespace AccelInterop.Simulation.Tests.Fences;

/// <summary>Released fences can be reused from a pool, keeping the per-command fence path allocation-free.</summary>
public sealed class PooledFenceTests
{
    private sealed class PooledFence(DmaFenceContext context, Stack<PooledFence> pool) : DmaFence(context, context.NextSeqno())
    {
        public static PooledFence Rent(DmaFenceContext context, Stack<PooledFence> pool)
        {
            if (pool.TryPop(out PooledFence? fence))
            {
                fence.Reinitialize(context.NextSeqno());
                return fence;
            }

            return new PooledFence(context, pool);
        }

        protected override void OnReleased() => pool.Push(this);
    }

    private sealed class Counter : DmaFenceCallback
    {
        public int Count;

        protected override void Invoke(DmaFence fence) => Count++;
    }

    [Fact]
    public void A_reused_fence_is_a_fresh_unsignalled_point_with_one_reference()
    {
        var context = new DmaFenceContext("test", "pool");
        var pool = new Stack<PooledFence>();
        PooledFence first = PooledFence.Rent(context, pool);
        first.SetError(-5);
        first.Signal();
        first.Put();

        PooledFence second = PooledFence.Rent(context, pool);

        Assert.Same(first, second);
        Assert.Equal(2UL, second.Seqno);
        Assert.False(second.IsSignaled);
        Assert.Equal(0, second.Status);
        Assert.Equal(0, second.Error);
        Assert.Equal(1, second.ReferenceCount);
        Assert.Equal(1, context.LiveFences);
    }

    [Fact]
    public void A_live_fence_cannot_be_reinitialized()
    {
        var context = new DmaFenceContext("test", "pool");
        var pool = new Stack<PooledFence>();
        PooledFence fence = PooledFence.Rent(context, pool);
        pool.Push(fence); // wrongly returned while still referenced

        Assert.Throws<InvalidOperationException>(() => PooledFence.Rent(context, pool));
    }

    [Fact]
    public void The_pooled_command_fence_cycle_allocates_nothing()
    {
        var context = new DmaFenceContext("test", "pool");
        var pool = new Stack<PooledFence>(4);
        var callback = new Counter();
        PooledFence.Rent(context, pool).Put();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            PooledFence fence = PooledFence.Rent(context, pool);
            fence.AddCallback(callback);
            fence.Signal();
            fence.Put();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_000, callback.Count);
        Assert.Equal(0, context.LiveFences);
    }
}
