using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.DmaBufs;

/// <summary>
/// A reservation object (<c>drivers/dma-buf/dma-resv.c</c>): the fences of the work that uses one
/// buffer, each with its <see cref="DmaResvUsage"/>, behind the reservation lock. Implicit
/// synchronisation reads it: a writer waits for every fence up to <see cref="DmaResvUsage.Read"/>,
/// a reader only up to <see cref="DmaResvUsage.Write"/> (<see cref="UsageFor"/>). It holds a
/// reference on each fence, and tells sleeping pollers when one of them signals.
/// </summary>
public sealed class DmaResv
{
    private readonly List<Entry> _fences = [];
    private readonly SimulatedKernel _kernel;

    public DmaResv(SimulatedKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        _kernel = kernel;
    }

    /// <summary>The reservation lock (<c>dma_resv_lock</c>; a ww_mutex in the kernel).</summary>
    public Lock Lock { get; } = new();

    /// <summary><c>dma_resv_usage_rw</c>: what an access must wait for; a write waits for readers too.</summary>
    public static DmaResvUsage UsageFor(bool write) => write ? DmaResvUsage.Read : DmaResvUsage.Write;

    /// <summary>
    /// <c>dma_resv_add_fence</c>: adds <paramref name="fence"/> (the resv takes its own reference).
    /// An entry it replaces goes: one of the same context that is not later and not of a weaker usage,
    /// or any entry that has signalled.
    /// </summary>
    public void AddFence(DmaFence fence, DmaResvUsage usage)
    {
        ArgumentNullException.ThrowIfNull(fence);
        var added = new Entry(fence.Get(), usage, _kernel);
        Entry? replaced = null;
        lock (Lock)
        {
            int slot = _fences.FindIndex(entry =>
                (ReferenceEquals(entry.Fence.Context, fence.Context) && entry.Usage >= usage &&
                 !fence.Context.IsLater(entry.Fence.Seqno, fence.Seqno)) || entry.Fence.IsSignaled);
            if (slot >= 0)
            {
                replaced = _fences[slot];
                _fences[slot] = added;
            }
            else
            {
                _fences.Add(added);
            }
        }

        replaced?.Drop();
        fence.AddCallback(added); // already signalled: nothing to wait for
        _kernel.WakeUpPollers(); // readiness may have dropped: pollers look again
    }

    /// <summary>The fences of <paramref name="usage"/> and every stronger usage, each with a reference the caller drops.</summary>
    public List<DmaFence> GetFences(DmaResvUsage usage)
    {
        lock (Lock)
        {
            var result = new List<DmaFence>();
            foreach (Entry entry in _fences)
            {
                if (entry.Usage <= usage)
                {
                    result.Add(entry.Fence.Get());
                }
            }

            return result;
        }
    }

    /// <summary><c>dma_resv_test_signaled</c>: whether every fence of <paramref name="usage"/> (and stronger) has signalled.</summary>
    public bool TestSignaled(DmaResvUsage usage)
    {
        lock (Lock)
        {
            return _fences.TrueForAll(entry => entry.Usage > usage || entry.Fence.IsSignaled);
        }
    }

    /// <summary>
    /// <c>dma_resv_get_singleton</c>: null when no unsignalled-or-signalled fence applies, the one
    /// fence, or a <see cref="DmaFenceArray"/> of all of them; with a reference for the caller.
    /// </summary>
    public DmaFence? GetSingleton(DmaResvUsage usage)
    {
        List<DmaFence> fences = GetFences(usage);
        if (fences.Count <= 1)
        {
            return fences.Count == 0 ? null : fences[0];
        }

        DmaFenceArray array = DmaFenceArray.Create(fences, _kernel.Counts);
        foreach (DmaFence fence in fences)
        {
            fence.Put();
        }

        return array;
    }

    /// <summary>
    /// <c>dma_resv_wait_timeout</c> (interruptible, timeout in nanoseconds, <see cref="long.MaxValue"/>
    /// = forever): 0 once every fence of <paramref name="usage"/> has signalled, -ETIME when the time
    /// runs out, -EINTR where the simulation cannot ever finish the wait (deterministic mode).
    /// </summary>
    public int Wait(DmaResvUsage usage, long timeoutNanoseconds = long.MaxValue)
    {
        var condition = new AllSignaled(this, usage);
        long deadline = ScheduleTimeout.DeadlineAfter(_kernel.MonotonicNanoseconds, timeoutNanoseconds);
        int r = _kernel.WaitUntil(ref condition, deadline);
        return r == -ETIME && timeoutNanoseconds == long.MaxValue ? -EINTR : r;
    }

    /// <summary><c>dma_resv_fini</c>: drops every fence.</summary>
    public void Fini()
    {
        List<Entry> fences;
        lock (Lock)
        {
            fences = [.. _fences];
            _fences.Clear();
        }

        foreach (Entry entry in fences)
        {
            entry.Drop();
        }
    }

    private readonly struct AllSignaled(DmaResv resv, DmaResvUsage usage) : IWaitCondition
    {
        public bool IsSatisfied() => resv.TestSignaled(usage);
    }

    // One fence of the resv, with its reference, and the callback that tells pollers when it
    // signals (dma_buf_poll_cb): readiness may have changed.
    private sealed class Entry(DmaFence fence, DmaResvUsage usage, SimulatedKernel kernel) : DmaFenceCallback
    {
        public DmaFence Fence { get; } = fence;
        public DmaResvUsage Usage { get; } = usage;

        public void Drop()
        {
            Fence.RemoveCallback(this);
            Fence.Put();
        }

        protected internal override void Invoke(DmaFence signaled)
        {
            kernel.WakeUpPollers();
            kernel.FenceWakeup.WakeUpAll();
        }
    }
}
