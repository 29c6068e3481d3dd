using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Fences;

/// <summary>
/// A fence that signals once every one of its fences has (<c>dma-fence-array.c</c> with
/// signal-on-all): what <c>dma_resv_get_singleton</c> hands out when more than one fence is
/// relevant. It holds a reference on each fence until released, takes the first error it sees
/// (<c>dma_fence_array_set_pending_error</c>), and lives on its own one-fence context.
/// </summary>
public sealed class DmaFenceArray : DmaFence
{
    private readonly DmaFence[] _fences;
    private int _pending;
    private int _error;

    private DmaFenceArray(DmaFenceContext context, DmaFence[] fences)
        : base(context, context.NextSeqno())
    {
        _fences = fences;
    }

    /// <summary>The fences (the array holds a reference on each).</summary>
    public IReadOnlyList<DmaFence> Components => _fences;

    /// <summary>A new array over <paramref name="fences"/> (it takes its own references), with one reference for the caller.</summary>
    public static DmaFenceArray Create(IReadOnlyList<DmaFence> fences, ObjectCounts? counts = null)
    {
        ArgumentNullException.ThrowIfNull(fences);
        var held = new DmaFence[fences.Count];
        for (int i = 0; i < held.Length; i++)
        {
            held[i] = fences[i].Get();
        }

        var array = new DmaFenceArray(new DmaFenceContext("dma_fence_array", "unbound", counts: counts), held);
        array._pending = held.Length + 1; // one for the set-up below, so signalling waits for all of it
        foreach (DmaFence fence in held)
        {
            array.Get(); // each pending callback keeps the array alive (dma_fence_array_enable_signaling)
            var callback = new Component(array);
            if (fence.AddCallback(callback) < 0)
            {
                callback.Run(fence);
            }
        }

        array.ComponentDone(null);
        return array;
    }

    private void ComponentDone(DmaFence? fence)
    {
        if (fence is not null && fence.Error < 0)
        {
            Interlocked.CompareExchange(ref _error, fence.Error, 0);
        }

        if (Interlocked.Decrement(ref _pending) == 0)
        {
            if (_error < 0)
            {
                SetError(_error);
            }

            Signal();
        }
    }

    protected override void OnReleased()
    {
        foreach (DmaFence fence in _fences)
        {
            fence.Put();
        }
    }

    private sealed class Component(DmaFenceArray array) : DmaFenceCallback
    {
        public void Run(DmaFence fence)
        {
            array.ComponentDone(fence);
            array.Put();
        }

        protected internal override void Invoke(DmaFence fence) => Run(fence);
    }
}
