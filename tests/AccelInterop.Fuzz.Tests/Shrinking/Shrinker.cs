using System.Diagnostics;
using AccelInterop.Fuzz.Tests.Generation;

namespace AccelInterop.Fuzz.Tests.Shrinking;

/// <summary>
/// Delta debugging in passes: walks the smaller variants of a header (<see cref="Reductions"/>), takes
/// each one that still reproduces and goes on from the same position in the new header's variants
/// (the ones before it were just rejected); repeats passes until one changes nothing or the budget is spent.
/// </summary>
public static class Shrinker
{
    public sealed record Result(CHeader Header, int Evaluations, TimeSpan Elapsed, bool BudgetSpent);

    public static Result Shrink(CHeader header, Func<CHeader, bool> reproduces, int maxEvaluations, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        var evaluations = 0;
        var current = header;
        // Variants met again in a later pass are not run again: remembered by their text.
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        bool Spent() => evaluations >= maxEvaluations || clock.Elapsed > budget;
        while (true)
        {
            var changed = false;
            var position = 0;
            while (!Spent())
            {
                var next = -1;
                foreach (var (candidate, index) in Reductions.Of(current).Select((c, i) => (c, i)).Skip(position))
                {
                    if (Spent())
                    {
                        break;
                    }

                    var text = HeaderWriter.Write(candidate);
                    if (rejected.Contains(text))
                    {
                        continue;
                    }

                    evaluations++;
                    if (reproduces(candidate))
                    {
                        current = candidate;
                        next = index;
                        break;
                    }
                    rejected.Add(text);
                }
                if (next < 0)
                {
                    break;
                }

                position = next;
                changed = true;
            }
            if (Spent())
            {
                return new Result(current, evaluations, clock.Elapsed, true);
            }

            if (!changed)
            {
                return new Result(current, evaluations, clock.Elapsed, false);
            }
        }
    }
}
