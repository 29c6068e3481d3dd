using System.Diagnostics;

namespace AccelInterop.Simulation.Fences;

/// <summary>
/// The live fences of one kernel that have not signalled, with the time each was created: a
/// hung job or a leaked fence shows up here without anyone having to wait on it. Fences join
/// when created (or reused from a pool) on a context that counts for the kernel, and leave when
/// they signal or are released. Kept as a list threaded through the fences themselves, so
/// creating and signalling allocate nothing.
/// </summary>
public sealed class UnsignaledFences
{
    private readonly Lock _lock = new();
    private readonly Func<long> _clock;
    private DmaFence? _head;
    private int _count;

    /// <param name="clock">The kernel's CLOCK_MONOTONIC in nanoseconds (default: the host's).</param>
    public UnsignaledFences(Func<long>? clock = null) =>
        _clock = clock ?? (static () => (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency)));

    /// <summary>How many fences are live and unsignalled.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The live unsignalled fences, oldest first, each with its creation time and age now.</summary>
    public IReadOnlyList<UnsignaledFence> Snapshot()
    {
        var list = new List<UnsignaledFence>();
        lock (_lock)
        {
            long now = _clock();
            for (DmaFence? fence = _head; fence is not null; fence = fence.PendingNext)
            {
                list.Add(new UnsignaledFence(fence.ToString(), fence.Context.Id, fence.Seqno, fence.CreatedNanoseconds, now - fence.CreatedNanoseconds));
            }
        }

        list.Reverse();
        return list;
    }

    internal void Add(DmaFence fence)
    {
        long now = _clock();
        lock (_lock)
        {
            fence.CreatedNanoseconds = now;
            fence.PendingPrevious = null;
            fence.PendingNext = _head;
            if (_head is not null)
            {
                _head.PendingPrevious = fence;
            }

            _head = fence;
            fence.IsListedPending = true;
            _count++;
        }
    }

    internal void Remove(DmaFence fence)
    {
        lock (_lock)
        {
            if (!fence.IsListedPending)
            {
                return;
            }

            if (fence.PendingPrevious is null)
            {
                _head = fence.PendingNext;
            }
            else
            {
                fence.PendingPrevious.PendingNext = fence.PendingNext;
            }

            if (fence.PendingNext is not null)
            {
                fence.PendingNext.PendingPrevious = fence.PendingPrevious;
            }

            fence.PendingPrevious = fence.PendingNext = null;
            fence.IsListedPending = false;
            _count--;
        }
    }
}

/// <summary>One live unsignalled fence: its name, context and seqno, when it was created and how old it is (kernel nanoseconds).</summary>
public readonly record struct UnsignaledFence(string Name, ulong Context, ulong Seqno, long CreatedNanoseconds, long AgeNanoseconds);
