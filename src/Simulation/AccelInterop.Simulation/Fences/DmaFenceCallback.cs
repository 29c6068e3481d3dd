namespace AccelInterop.Simulation.Fences;

/// <summary>
/// A callback node the caller owns and may reuse (the kernel's <c>struct dma_fence_cb</c>,
/// embedded in the waiter): queuing it on a fence allocates nothing. A node is on at most one
/// fence at a time.
/// </summary>
public abstract class DmaFenceCallback
{
    internal DmaFenceCallback? Previous;
    internal DmaFenceCallback? Next;
    internal DmaFence? QueuedOn;

    /// <summary>Whether the node is queued on a fence and has not run yet.</summary>
    public bool IsPending => Volatile.Read(ref QueuedOn) is not null;

    /// <summary>Runs once, when the fence signals, under the fence's lock (keep it short; do not wait).</summary>
    protected internal abstract void Invoke(DmaFence fence);
}
