namespace AccelInterop.Simulation.Xe;

/// <summary>
/// One hardware engine and the logical ring contexts placed on it, scheduled as the GuC does
/// (<c>xe_guc_submit.c</c> hands it each queue's priority and timeslice): the highest-priority
/// context with work runs, preempting a lower one at the next step; among contexts of that
/// priority the running one keeps the engine until it runs out of work or, while another waits,
/// until its timeslice has passed — then the next one in turn gets it. A context stalled on a
/// semaphore holds the engine for the rest of its slice; a hung one is reset off it.
/// Time is the kernel's CLOCK_MONOTONIC (<see cref="Kernel.SimulatedKernel.MonotonicNanoseconds"/>,
/// virtual in deterministic mode), so a timeslice is the queue's microseconds of that clock, and
/// its end is a firmware timer (<see cref="NextTimer"/>). Each step the engine runs at most
/// <see cref="Budget"/> commands, shared by the contexts it switches between.
/// </summary>
internal sealed class XeHwEngineArbiter(XeDriver driver, XeHwEngine engine)
{
    /// <summary>Commands one step runs at most, so a runaway batch cannot keep a thread forever.</summary>
    public const int Budget = 4096;

    private readonly Lock _lock = new();
    private XeLrc[] _contexts = [];
    private XeLrc? _current;
    private long _sliceStart;

    public XeHwEngine Engine => engine;

    /// <summary>The context on the engine now (null before any ran).</summary>
    internal XeLrc? Current => Volatile.Read(ref _current);

    internal void Add(XeLrc lrc)
    {
        lock (_lock)
        {
            _contexts = [.. _contexts, lrc];
        }
    }

    internal void Remove(XeLrc lrc)
    {
        lock (_lock)
        {
            _contexts = [.. _contexts.Where(c => !ReferenceEquals(c, lrc))];
            if (ReferenceEquals(_current, lrc))
            {
                _current = null;
            }
        }
    }

    /// <summary>One step of the engine at <paramref name="now"/>: true if any command ran; a user interrupt sets <paramref name="interrupt"/>.</summary>
    internal bool Run(long now, ref bool interrupt)
    {
        lock (_lock)
        {
            bool progressed = false;
            int budget = Budget;
            while (budget > 0 && Pick(now) is XeLrc lrc)
            {
                int used = lrc.Queue.RunLrc(lrc, budget, ref interrupt);
                if (used == 0)
                {
                    break; // stalled on a semaphore: it keeps the engine until its slice ends (a timer)
                }

                progressed = true;
                budget -= used;
            }

            return progressed;
        }
    }

    /// <summary>When the running context's timeslice ends while another of its priority waits; <see cref="long.MaxValue"/> otherwise.</summary>
    internal long NextTimer
    {
        get
        {
            lock (_lock)
            {
                if (_current is not XeLrc current || !current.Queue.HasWork(current) || Waiting(current) is null)
                {
                    return long.MaxValue;
                }

                return SliceEnd(current);
            }
        }
    }

    // The context that runs now (under the lock): see the class comment.
    private XeLrc? Pick(long now)
    {
        XeLrc[] contexts = _contexts;
        XeLrc? current = _current;
        bool currentRuns = current is not null && current.Queue.HasWork(current);
        uint top = 0;
        bool any = false;
        foreach (XeLrc lrc in contexts)
        {
            if ((currentRuns && ReferenceEquals(lrc, current)) || lrc.Queue.HasWork(lrc))
            {
                top = any ? Math.Max(top, lrc.Queue.Priority) : lrc.Queue.Priority;
                any = true;
            }
        }

        if (!any)
        {
            return null;
        }

        if (currentRuns && current!.Queue.Priority == top)
        {
            XeLrc? waiting = Waiting(current);
            if (waiting is null)
            {
                _sliceStart = now; // alone at its priority: the slice counts from when another arrives
                return current;
            }

            if (now < SliceEnd(current))
            {
                return current;
            }

            return Switch(waiting, now, "timeslice");
        }

        // The current context is done, gone or outranked: the next one of the top priority after it.
        int start = current is null ? 0 : Array.IndexOf(contexts, current) + 1;
        for (int i = 0; i < contexts.Length; i++)
        {
            XeLrc lrc = contexts[(start + i) % contexts.Length];
            if (lrc.Queue.Priority == top && lrc.Queue.HasWork(lrc))
            {
                return Switch(lrc, now, currentRuns ? "preempt" : "next");
            }
        }

        return null;
    }

    // The next context after current (round robin) with work at current's priority, or null.
    private XeLrc? Waiting(XeLrc current)
    {
        XeLrc[] contexts = _contexts;
        int at = Array.IndexOf(contexts, current);
        for (int i = 1; i < contexts.Length; i++)
        {
            XeLrc lrc = contexts[(at + i) % contexts.Length];
            if (lrc.Queue.Priority == current.Queue.Priority && lrc.Queue.HasWork(lrc))
            {
                return lrc;
            }
        }

        return null;
    }

    private long SliceEnd(XeLrc lrc)
    {
        long slice = (long)lrc.Queue.TimesliceMicroseconds * 1000;
        return _sliceStart > long.MaxValue - slice ? long.MaxValue : _sliceStart + slice;
    }

    private XeLrc Switch(XeLrc lrc, long now, string why)
    {
        if (!ReferenceEquals(lrc, _current) && driver.Device.Kernel.IsDeterministic)
        {
            driver.Device.Kernel.Trace($"xe {engine.Class} {engine.Instance}: queue {lrc.Queue.Id} takes the engine ({why})");
        }

        _current = lrc;
        _sliceStart = now;
        return lrc;
    }
}
