using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// A SYNCOBJ_EVENTFD registration (<c>drm_syncobj.c:syncobj_eventfd_entry_func</c>): it waits on
/// the syncobj until its point is submitted, then signals the eventfd at once (WAIT_AVAILABLE) or
/// once every fence up to the point has signalled. It holds the eventfd context reference and,
/// once armed, a reference on each of those fences, until it signals or its syncobj goes.
/// </summary>
internal sealed class SyncobjEventfd(EventFdContext context, ulong point, bool whenAvailable) : DmaFenceCallback
{
    private List<DmaFence>? _fences;
    private int _next;

    public ulong Point { get; } = point;

    /// <summary>The point was submitted: <paramref name="fences"/> are its fences (with references; none when already signalled).</summary>
    public void Arm(List<DmaFence> fences)
    {
        _fences = fences;
        if (whenAvailable)
        {
            Complete();
            return;
        }

        WaitForNext();
    }

    /// <summary>The syncobj went before the point was submitted (syncobj_eventfd_entry_free).</summary>
    public void Drop() => context.Put();

    protected internal override void Invoke(DmaFence fence)
    {
        _next++;
        WaitForNext();
    }

    // The point is signalled when every fence up to it is: queue on the first one still pending.
    private void WaitForNext()
    {
        while (_next < _fences!.Count)
        {
            if (_fences[_next].AddCallback(this) == 0)
            {
                return;
            }

            _next++;
        }

        Complete();
    }

    private void Complete()
    {
        context.Signal();
        context.Put();
        foreach (DmaFence fence in _fences!)
        {
            fence.Put();
        }
    }
}
