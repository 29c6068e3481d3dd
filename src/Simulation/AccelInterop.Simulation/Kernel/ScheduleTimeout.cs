namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// Turns a kernel timeout of any 64-bit size into sleeps a host thread can take, the way
/// <c>kernel/time/sleep_timeout.c:schedule_timeout</c> treats MAX_SCHEDULE_TIMEOUT as "forever"
/// and any finite value as a bound: a host sleep is at most <see cref="LongestSlice"/> (the most
/// <see cref="Monitor.Wait(object, TimeSpan)"/> takes), and the caller loops until its deadline.
/// </summary>
public static class ScheduleTimeout
{
    /// <summary>The longest single host sleep: int.MaxValue - 1 milliseconds (about 24.8 days).</summary>
    public static readonly TimeSpan LongestSlice = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    /// <summary>
    /// One sleep towards a deadline <paramref name="nanoseconds"/> away: at least one tick, at most
    /// <see cref="LongestSlice"/>; <see cref="Timeout.InfiniteTimeSpan"/> for <see cref="long.MaxValue"/> (forever).
    /// </summary>
    public static TimeSpan Slice(long nanoseconds)
    {
        if (nanoseconds == long.MaxValue)
        {
            return Timeout.InfiniteTimeSpan;
        }

        long ticks = Math.Max(1, nanoseconds / 100);
        return ticks >= LongestSlice.Ticks ? LongestSlice : TimeSpan.FromTicks(ticks);
    }

    /// <summary>
    /// The absolute deadline <paramref name="relativeNanoseconds"/> after <paramref name="now"/>,
    /// saturating at <see cref="long.MaxValue"/> (forever) instead of wrapping; a negative
    /// relative time is "now".
    /// </summary>
    public static long DeadlineAfter(long now, long relativeNanoseconds)
    {
        if (relativeNanoseconds <= 0)
        {
            return now;
        }

        return relativeNanoseconds >= long.MaxValue - now ? long.MaxValue : now + relativeNanoseconds;
    }
}
