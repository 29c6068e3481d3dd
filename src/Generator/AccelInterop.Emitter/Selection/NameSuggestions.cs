using System;
using System.Collections.Generic;
using System.Linq;

namespace AccelInterop.Emitter.Selection;

/// <summary>"Did you mean" candidates: case-insensitive edit distance, closest first, at most three.</summary>
internal static class NameSuggestions
{
    public static IReadOnlyList<string> For(string name, IEnumerable<string> known)
    {
        var wanted = name.TrimEnd('*').ToLowerInvariant();
        // Allow roughly one typo per four characters, at least two.
        var limit = Math.Max(2, wanted.Length / 4);
        return known
            .Select(k => (Name: k, Distance: Distance(wanted, k.ToLowerInvariant(), limit)))
            .Where(x => x.Distance <= limit)
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(3).Select(x => x.Name).ToList();
    }

    /// <summary>Levenshtein distance, giving up (returning limit+1) once a row exceeds the limit.</summary>
    private static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                rowMin = Math.Min(rowMin, cur[j]);
            }
            if (rowMin > limit)
            {
                return limit + 1;
            }

            var t = prev; prev = cur; cur = t;
        }
        return prev[b.Length];
    }
}
