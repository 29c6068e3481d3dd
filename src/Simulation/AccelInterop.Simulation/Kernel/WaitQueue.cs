namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// A wait queue with a generation counter: sleepers note the generation, re-check their
/// condition, then sleep until it moves. Waking with nobody asleep is one interlocked read,
/// so signalling paths stay lock-free when nobody waits.
/// </summary>
public sealed class WaitQueue
{
    private readonly object _lock = new();
    private long _generation;
    private int _sleepers;

    public long Generation => Volatile.Read(ref _generation);

    public void WakeUpAll()
    {
        Interlocked.Increment(ref _generation);
        if (Volatile.Read(ref _sleepers) == 0)
        {
            return;
        }

        lock (_lock)
        {
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Sleeps until the generation moves past <paramref name="seen"/> or <paramref name="timeout"/> passes; false on timeout.</summary>
    public bool Wait(long seen, TimeSpan timeout)
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _sleepers);
            try
            {
                return Volatile.Read(ref _generation) != seen || Monitor.Wait(_lock, timeout);
            }
            finally
            {
                Interlocked.Decrement(ref _sleepers);
            }
        }
    }
}
