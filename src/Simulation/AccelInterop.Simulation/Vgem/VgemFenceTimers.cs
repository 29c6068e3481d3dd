using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Vgem;

/// <summary>
/// The timers of a vgem device's unsignalled fences (<c>vgem_fence_timeout</c>). The kernel steps
/// them like firmware when it runs inline or deterministically (so virtual time reaches the
/// deadline); otherwise a thread-pool timer fires them in real time.
/// </summary>
internal sealed class VgemFenceTimers : ISimulatedFirmware
{
    private readonly SimulatedKernel _kernel;
    private readonly Lock _lock = new();
    private readonly List<VgemFence> _pending = [];

    public VgemFenceTimers(SimulatedKernel kernel) => _kernel = kernel;

    public long NextTimerNanoseconds
    {
        get
        {
            lock (_lock)
            {
                long next = long.MaxValue;
                foreach (VgemFence fence in _pending)
                {
                    next = Math.Min(next, fence.Deadline);
                }

                return next;
            }
        }
    }

    /// <summary>mod_timer: the timer holds a fence reference until it fires or the fence is signalled otherwise.</summary>
    public void Arm(VgemFence fence)
    {
        lock (_lock)
        {
            _pending.Add((VgemFence)fence.Get());
        }

        if (!_kernel.IsFirmwareInline)
        {
            TimeSpan due = TimeSpan.FromTicks(Math.Max(0, fence.Deadline - _kernel.MonotonicNanoseconds) / 100);
            Timer? timer = null;
            timer = new Timer(_ => { Step(); timer!.Dispose(); }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Signals every fence whose deadline has passed, and forgets signalled ones (timer_delete_sync at release).</summary>
    public bool Step()
    {
        long now = _kernel.MonotonicNanoseconds;
        List<VgemFence> done = [];
        lock (_lock)
        {
            _pending.RemoveAll(fence =>
            {
                bool finished = fence.IsSignaled || fence.Deadline <= now;
                if (finished)
                {
                    done.Add(fence);
                }

                return finished;
            });
        }

        bool fired = false;
        foreach (VgemFence fence in done)
        {
            fired |= !fence.CheckAndSignal();
            fence.Put();
        }

        if (fired)
        {
            _kernel.FenceWakeup.WakeUpAll();
        }

        return fired;
    }
}
