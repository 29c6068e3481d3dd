using System.Diagnostics;

namespace AccelInterop.Fuzz.Tests.Running;

/// <summary>Time spent per stage, summed over headers.</summary>
public sealed class PathTimings
{
    public SortedDictionary<string, TimeSpan> Spent { get; } = new(StringComparer.Ordinal);

    /// <summary>Charges the clock's time so far to a stage and restarts it.</summary>
    public void Add(string stage, Stopwatch clock)
    {
        Spent[stage] = Spent.GetValueOrDefault(stage) + clock.Elapsed;
        clock.Restart();
    }
}
