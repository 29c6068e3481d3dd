using AccelInterop.Simulation.Fences;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// A queue's last fence (xe_exec_queue_last_fence_get/set/put): what an EXEC without batch and a
/// no-op VM_BIND signal their out-syncs with. Holds a reference; an empty slot reads as the
/// signalled stub fence. One type for the exec queues and the VM's kernel bind queue.
/// </summary>
internal sealed class XeLastFence
{
    private readonly Lock _lock = new();
    private DmaFence? _fence;

    /// <summary>The last fence, with a reference for the caller.</summary>
    public DmaFence Get()
    {
        lock (_lock)
        {
            return _fence?.Get() ?? DmaFenceStub.Get();
        }
    }

    public void Set(DmaFence fence)
    {
        DmaFence? old;
        lock (_lock)
        {
            old = _fence;
            _fence = fence.Get();
        }

        old?.Put();
    }

    /// <summary>Drops the reference (the queue is released).</summary>
    public void Put()
    {
        DmaFence? old;
        lock (_lock)
        {
            old = _fence;
            _fence = null;
        }

        old?.Put();
    }
}
