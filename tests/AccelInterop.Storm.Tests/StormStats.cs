using System.Collections.Concurrent;
using System.Text;
using AccelInterop.Runtime.Errors;

namespace AccelInterop.Storm.Tests;

/// <summary>What a storm did, across programs: calls, outcomes per call kind and errno, and every failure.</summary>
internal sealed class StormStats
{
    private readonly ConcurrentDictionary<(string Label, Errno Error), long> _outcomes = new();
    private long _calls;
    private long _programs;
    private long _exceptions;
    private long _hangs;

    public long Calls => Interlocked.Read(ref _calls);
    public long Programs => Interlocked.Read(ref _programs);
    public long Exceptions => Interlocked.Read(ref _exceptions);
    public long Hangs => Interlocked.Read(ref _hangs);

    public void Count(string label, Errno error)
    {
        Interlocked.Increment(ref _calls);
        _outcomes.AddOrUpdate((label, error), 1, (_, n) => n + 1);
    }

    public void Program() => Interlocked.Increment(ref _programs);

    public void Exception() => Interlocked.Increment(ref _exceptions);

    public void Hang() => Interlocked.Increment(ref _hangs);

    private long _faultsFired;

    /// <summary>Injected faults that fired (a program's FaultInjector report, added when it ends).</summary>
    public long FaultsFired => Interlocked.Read(ref _faultsFired);

    public void Faults(long fired) => Interlocked.Add(ref _faultsFired, fired);

    /// <summary>Calls that succeeded, per label: the storm reaches past the first check.</summary>
    public long Successes(string label) => _outcomes.Where(o => o.Key.Label == label && o.Key.Error.IsNone).Sum(o => o.Value);

    public IReadOnlyDictionary<string, long> ByErrno() =>
        _outcomes.GroupBy(o => o.Key.Error.IsNone ? "success" : o.Key.Error.Name).ToDictionary(g => g.Key, g => g.Sum(o => o.Value));

    public string Summary(int top = 40)
    {
        var text = new StringBuilder();
        text.AppendLine($"{Programs} programs, {Calls} calls, {Exceptions} exceptions, {Hangs} hangs, {FaultsFired} injected faults fired");
        var succeeded = StormRequest.All.Where(r => Successes(r.Name) > 0).Select(r => r.Name).ToList();
        text.AppendLine($"requests that succeeded at least once: {succeeded.Count} of {StormRequest.All.Count}");
        text.AppendLine("by errno: " + string.Join(", ", ByErrno().OrderByDescending(e => e.Value).Select(e => $"{e.Key} {e.Value}")));
        foreach (var label in _outcomes.GroupBy(o => o.Key.Label).OrderByDescending(g => g.Sum(o => o.Value)).Take(top))
        {
            text.AppendLine($"  {label.Key}: " + string.Join(", ", label.OrderByDescending(o => o.Value).Select(o => $"{(o.Key.Error.IsNone ? "ok" : o.Key.Error.Name)} {o.Value}")));
        }

        return text.ToString();
    }
}
