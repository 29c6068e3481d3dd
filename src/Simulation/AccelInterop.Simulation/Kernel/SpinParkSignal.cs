namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// A doorbell between two threads: <see cref="Ring"/> is one atomic publish, plus a wake only
/// when the other side has parked; the other side spins on the flag for a while and parks on a
/// reusable event only after that. Nothing allocates and no lock is taken while the waiter is
/// still spinning — the common case when work comes in bursts.
/// </summary>
public sealed class SpinParkSignal : IDisposable
{
    private readonly ManualResetEventSlim _event = new(false, spinCount: 1);
    private int _rung;
    private int _parked;

    /// <summary>Whether the doorbell was rung and not yet consumed.</summary>
    public bool IsRung => Volatile.Read(ref _rung) != 0;

    /// <summary>Rings: publishes the flag; wakes the waiter if (and only if) it has parked.</summary>
    public void Ring()
    {
        Interlocked.Exchange(ref _rung, 1); // a full fence: the flag is visible before _parked is read
        if (Volatile.Read(ref _parked) != 0)
        {
            _event.Set();
        }
    }

    /// <summary>Consumes a ring; true if there was one.</summary>
    public bool TryConsume() => Volatile.Read(ref _rung) != 0 && Interlocked.Exchange(ref _rung, 0) != 0;

    /// <summary>Parks until rung or <paramref name="timeout"/> passes (the slow path); does not consume.</summary>
    public void Park(TimeSpan timeout)
    {
        Interlocked.Exchange(ref _parked, 1); // a full fence: _parked is visible before the flag is read
        if (Volatile.Read(ref _rung) == 0)
        {
            _event.Wait(timeout);
        }

        Volatile.Write(ref _parked, 0);
        _event.Reset(); // a Set that comes after this is harmless: the flag is what counts
    }

    /// <summary>Waits for a ring and consumes it: spins <paramref name="spins"/> times, then parks in slices of <paramref name="park"/>.</summary>
    public void Wait(int spins, TimeSpan park)
    {
        for (int i = 0; i < spins; i++)
        {
            if (TryConsume())
            {
                return;
            }

            Thread.SpinWait(1);
        }

        while (!TryConsume())
        {
            Park(park);
        }
    }

    public void Dispose() => _event.Dispose();
}
