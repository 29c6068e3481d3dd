using AccelInterop.Fuzz.Tests.Paths;
using AccelInterop.Fuzz.Tests.Running;
using AccelInterop.Testing.CTruth;

namespace AccelInterop.Fuzz.Tests.Regressions;

/// <summary>
/// One hand-written header (or a set of real uAPI headers) through the fuzzer's three paths on all eight
/// targets (or the ones given), against clang (and gcc on x86_64 and i386): facts per target, the merged model, and the C#
/// generated from it. The compilers are the only source of expected values.
/// </summary>
public static class RegressionCase
{
    public sealed record Outcome(List<Mismatch> Mismatches, CSharpTally Tally, string Model)
    {
        public string Describe() => Mismatches.Count == 0 ? "no mismatches" : string.Join("\n", Mismatches.Take(20).Select(m => m.ToString()));
    }

    private static readonly string[] AllTargets = [.. LinuxTargets.All.Select(t => t.Triple)];

    /// <param name="records">the records to measure, as C spells them (<c>struct s</c>); keyed by tag.</param>
    /// <param name="keyed">more records, with the key <c>accelgen facts</c> gives them (a typedef clashing with a tag).</param>
    /// <param name="targets">the targets to compile and scan for (default all eight), for headers some targets lack.</param>
    public static Outcome Run(string text, IEnumerable<string> records, IReadOnlyList<string>? scanned = null, IReadOnlyList<string>? constants = null,
        IReadOnlyList<ProbeRecord>? keyed = null, IReadOnlyList<string>? targets = null)
    {
        targets ??= AllTargets;
        var probes = records.Select(r => new ProbeRecord(r.Split(' ')[^1], r)).Concat(keyed ?? []).ToList();
        using var c = HeaderCase.FromText(text, probes, constants ?? [], targets, FuzzEnvironment.Headers, scanned);
        var paths = new AccelgenPaths(new InProcessAccelgen(TimeSpan.FromMinutes(3)), [new InProcessGeneratedRunner()], FuzzEnvironment.Headers.IncludeDir);
        var found = new List<Mismatch>(c.OracleDisagreements);
        foreach (var t in targets)
        {
            found.AddRange(paths.Facts(c, t));
        }

        var model = paths.Scan(c, targets, out var crash);
        if (crash != null)
        {
            found.Add(crash);
        }

        var tally = new CSharpTally();
        var modelText = "";
        if (model != null)
        {
            modelText = File.ReadAllText(model);
            foreach (var t in targets)
            {
                found.AddRange(paths.Merged(c, model, t));
            }

            found.AddRange(paths.CSharp(c, model, tally));
        }
        return new Outcome(found, tally, modelText);
    }
}
