using System.Text;
using AccelInterop.Fuzz.Tests.Paths;

namespace AccelInterop.Fuzz.Tests.Running;

/// <summary>What a run found: counts, every mismatch with its seed, shrunk reproducers, and a summary table.</summary>
public sealed class FuzzResult(FuzzOptions options)
{
    public FuzzOptions Options { get; } = options;
    public int Headers { get; set; }
    public long Records { get; set; }
    public long RecordTargets { get; set; }
    public TimeSpan Elapsed { get; set; }
    public List<(int Seed, Mismatch Mismatch)> Mismatches { get; } = [];
    public List<(int Seed, string Error)> ProbeFailures { get; } = [];
    public List<Reproducer> Reproducers { get; } = [];
    public PathTimings Timings { get; } = new();
    public CSharpTally Tally { get; } = new();

    /// <summary>Architectures the options asked to run the C# on under qemu that cannot run here (triple, reason).</summary>
    public IReadOnlyDictionary<string, string> EmulationUnavailable { get; init; } = new Dictionary<string, string>();

    public string Summary()
    {
        var s = new StringBuilder();
        s.Append($"fuzz: seed {Options.Seed}, features {Options.Features}, {Options.RecordsPerHeader} records per header\n");
        s.Append($"{Headers} headers, {Records} records x {Options.Targets.Count} targets = {RecordTargets} records x targets compared, " +
                 $"in {Elapsed.TotalSeconds:0} s\n");
        s.Append($"C# layout rows compared: {Tally.ComparedRows}; left out with a note or marked not bound: {Tally.NotBound}\n");
        s.Append("C# compiled and run on: ").Append(string.Join(", ", Tally.RunTime.Select(kv =>
            $"{kv.Key} ({Tally.CompiledRows.GetValueOrDefault(kv.Key)} compiled rows compared, {kv.Value.TotalSeconds:0} s)")));
        foreach (var (target, reason) in EmulationUnavailable)
        {
            s.Append($"; not {target}: {reason}");
        }

        s.Append('\n');
        s.Append($"headers the compilers rejected (generator bugs, skipped): {ProbeFailures.Count}\n");
        foreach (var (seed, error) in ProbeFailures.Take(5))
        {
            s.Append($"  seed {seed}: {error}\n");
        }

        s.Append("time per stage: ").Append(string.Join(", ", Timings.Spent.Select(kv => $"{kv.Key} {kv.Value.TotalSeconds:0} s"))).Append('\n');
        var kinds = Enum.GetValues<MismatchKind>();
        var classes = Mismatches.GroupBy(m => (m.Mismatch.Path, m.Mismatch.Path == FuzzPath.CSharp ? m.Mismatch.Aspect : null))
            .OrderBy(g => g.Key.Path).ThenBy(g => g.Key.Item2).ToList();
        s.Append("\n| path | ").Append(string.Join(" | ", kinds)).Append(" | headers |\n");
        s.Append("|---|").Append(string.Concat(kinds.Select(_ => "---|"))).Append("---|\n");
        foreach (var g in classes)
        {
            s.Append($"| {g.Key.Path}{(g.Key.Item2 != null ? " " + g.Key.Item2 : "")} | ");
            s.Append(string.Join(" | ", kinds.Select(k => g.Count(m => m.Mismatch.Kind == k)))).Append($" | {g.Select(m => m.Seed).Distinct().Count()} |\n");
        }
        if (classes.Count == 0)
        {
            s.Append("| (none) |").Append(string.Concat(kinds.Select(_ => " 0 |"))).Append(" 0 |\n");
        }

        s.Append($"\nmismatches: {Mismatches.Count} (crashes: {Mismatches.Count(m => m.Mismatch.Kind == MismatchKind.Crash)}) " +
                 $"in {Mismatches.Select(m => m.Seed).Distinct().Count()} of {Headers} headers\n");
        var crashes = Mismatches.Where(m => m.Mismatch.Kind == MismatchKind.Crash).GroupBy(m => m.Mismatch.Owner).ToList();
        foreach (var g in crashes)
        {
            s.Append($"  crash {g.Key}: {g.Count()} (first seed {g.First().Seed}: {g.First().Mismatch.Actual})\n");
        }

        foreach (var g in Mismatches.Where(m => m.Mismatch.Kind == MismatchKind.CSharpCompile).GroupBy(m => m.Mismatch.Owner))
        {
            s.Append($"  C# {g.Key}: {g.Count()} headers (first seed {g.First().Seed}: {g.First().Mismatch.Actual})\n");
        }

        return s.ToString();
    }

    public string Report()
    {
        var s = new StringBuilder(Summary());
        if (Mismatches.Count > 0)
        {
            s.Append("\n## First mismatches of each class\n\n");
        }

        foreach (var g in Mismatches.GroupBy(m => m.Mismatch.Class).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var (seed, m) in g.Take(6))
            {
                s.Append($"- seed {seed}: {m}\n");
            }
        }

        if (Reproducers.Count > 0)
        {
            s.Append("\n## Minimal reproducers\n\n");
        }

        foreach (var r in Reproducers)
        {
            s.Append(r).Append('\n');
        }

        return s.ToString();
    }
}
