namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// The simulated kernel's one poll wait queue: files announce state changes, sleeping pollers
/// re-check. A generation counter closes the gap between a poller's check and its sleep.
/// </summary>
internal sealed class PollWakeup
{
    private readonly object _lock = new();
    private long _generation;

    public long Generation => Volatile.Read(ref _generation);

    public void WakeUpAll()
    {
        lock (_lock)
        {
            _generation++;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Sleeps until the generation moves past <paramref name="seen"/> or the time is up; false on timeout.</summary>
    public bool Wait(long seen, TimeSpan timeout)
    {
        lock (_lock)
        {
            return _generation != seen || Monitor.Wait(_lock, timeout);
        }
    }
}
