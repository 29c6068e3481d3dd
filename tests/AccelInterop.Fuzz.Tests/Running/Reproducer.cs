using System.Text;
using AccelInterop.Fuzz.Tests.Generation;

namespace AccelInterop.Fuzz.Tests.Running;

/// <summary>A mismatch shrunk to a minimal header, with what that header still shows on the same path and target.</summary>
public sealed record Reproducer(int Seed, Mismatch Original, CHeader Minimal, IReadOnlyList<Mismatch> Shows, SortedSet<Feature> Features,
    int Evaluations, TimeSpan Elapsed, bool BudgetSpent)
{
    public override string ToString()
    {
        var s = new StringBuilder();
        s.Append($"### {Original.Class} (seed {Seed})\n");
        s.Append($"found: {Original}\n");
        s.Append($"constructs: {string.Join(", ", Features)}\n");
        s.Append($"shrunk in {Evaluations} runs, {Elapsed.TotalSeconds:0} s{(BudgetSpent ? " (budget spent: may not be minimal)" : "")}; the minimal header shows:\n");
        foreach (var m in Shows.Take(12))
        {
            s.Append($"  {m}\n");
        }

        if (Shows.Count > 12)
        {
            s.Append($"  ... {Shows.Count - 12} more\n");
        }

        s.Append("```c\n").Append(MinimalText()).Append("```\n");
        return s.ToString();
    }

    /// <summary>The header without its include guard and blank lines; the includes stay so it compiles as it is.</summary>
    public string MinimalText()
    {
        var lines = HeaderWriter.Write(Minimal).Split('\n').Where(l => l.Length > 0).ToList();
        return string.Join("\n", lines.Skip(2).SkipLast(1)) + "\n";
    }
}
