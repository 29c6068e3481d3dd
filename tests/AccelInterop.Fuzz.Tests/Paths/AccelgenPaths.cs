using System.Text.RegularExpressions;
using AccelInterop.Fuzz.Tests.Generation;
using AccelInterop.Fuzz.Tests.Running;
using AccelInterop.Testing.CTruth;

namespace AccelInterop.Fuzz.Tests.Paths;

/// <summary>
/// The three ways a header reaches a user, each compared with the compilers: <c>facts</c> run per
/// target, the merged model (<c>scan --target all</c>, then <c>facts --model</c> per target), and the C#
/// generated from that model (layout tables for every target; compiled layout, constants and requests
/// on each architecture an <see cref="IGeneratedCodeRunner"/> runs on).
/// </summary>
public sealed partial class AccelgenPaths(IAccelgen accelgen, IReadOnlyList<IGeneratedCodeRunner> runners, string includeRoot)
{
    public const string Namespace = "Fz.Bindings";
    public const string ClassName = "FzUapi";

    [GeneratedRegex(@"note: [^\s:]+:\d+: (?<name>[^\s:]+):")]
    private static partial Regex NoteLine();

    private string[] HeaderArgs(HeaderCase c) =>
        ["-I", c.Directory, .. c.Scanned.SelectMany(h => new[] { "--header", h }), "--include-root", includeRoot];

    /// <summary>Path 1: <c>accelgen facts --header</c> for one target.</summary>
    public List<Mismatch> Facts(HeaderCase c, string target)
    {
        var run = accelgen.Run(["facts", .. HeaderArgs(c), "--target", target]);
        if (run.Failure is { } failure)
        {
            return [Crash(FuzzPath.Facts, target, "facts", failure)];
        }

        return Compare(FuzzPath.Facts, c, target, TargetFacts.FromFactsJson(run.Stdout));
    }

    /// <summary>Scans the targets (all eight by default) into one model; null (and the crash) when the scan fails.</summary>
    public string? Scan(HeaderCase c, IReadOnlyList<string>? targets, out Mismatch? crash)
    {
        var model = Path.Combine(c.Directory, "fz.uapi.json");
        var run = accelgen.Run(["scan", .. HeaderArgs(c), .. (targets ?? ["all"]).SelectMany(t => new[] { "--target", t }), "--out", model]);
        crash = run.Failure is { } failure ? Crash(FuzzPath.Merged, "all", "scan", failure) : null;
        return crash == null ? model : null;
    }

    /// <summary>Path 2: <c>accelgen facts --model</c> of the merged model, for one target.</summary>
    public List<Mismatch> Merged(HeaderCase c, string model, string target)
    {
        var run = accelgen.Run(["facts", "--model", model, "--target", target]);
        if (run.Failure is { } failure)
        {
            return [Crash(FuzzPath.Merged, target, "facts --model", failure)];
        }

        return Compare(FuzzPath.Merged, c, target, TargetFacts.FromFactsJson(run.Stdout));
    }

    /// <summary>
    /// Path 3: <c>accelgen generate</c> on the model, built and reported on by each runner; the layout
    /// tables (the same on every architecture) are compared once, with the first runner's report.
    /// </summary>
    public List<Mismatch> CSharp(HeaderCase c, string model, CSharpTally tally)
    {
        var outDir = Path.Combine(c.Directory, "cs");
        var run = accelgen.Run(["generate", "--model", model, "--out", outDir, "--namespace", Namespace, "--class", ClassName, "--notes"]);
        if (run.Failure is { } failure)
        {
            return [Crash(FuzzPath.CSharp, "all", "generate", failure)];
        }

        var notes = NoteLine().Matches(run.Stdout + run.Stderr).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        var sources = System.IO.Directory.GetFiles(outDir, "*.g.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (f, File.ReadAllText(f))).Append((GeneratedReportSource.FileName, GeneratedReportSource.Text)).ToList();
        var found = new List<Mismatch>();
        foreach (var (runner, i) in runners.Select((r, i) => (r, i)))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = runner.Run(sources, Namespace);
            tally.RunTime[runner.Target] = tally.RunTime.GetValueOrDefault(runner.Target) + clock.Elapsed;
            if (result.CompileErrors.Count > 0)
            {
                found.AddRange(result.CompileErrors.GroupBy(d => d.Id).Select(g => new Mismatch(FuzzPath.CSharp, MismatchKind.CSharpCompile,
                    runner.Target, g.Key, null, "compiles", $"{g.Count()} x {g.First().GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")));
            }
            else if (result.Crash != null)
            {
                found.Add(Crash(FuzzPath.CSharp, runner.Target, "GeneratedReport", result.Crash));
            }
            else
            {
                found.AddRange(CSharpComparison.Compare(c, GeneratedReportText.Parse(result.Report!), notes, runner.Target, tables: i == 0, tally));
            }
        }
        return found;
    }

    private static List<Mismatch> Compare(FuzzPath path, HeaderCase c, string target, TargetFacts actual) =>
        FactsDiff.Compare(c.Truth[target], actual, c.Names.Contains).Select(d => Mismatch.From(path, target, d, c.Requests)).ToList();

    /// <summary>A crash, owned by the verb and the stable part of its description (exception and method, or exit code).</summary>
    public static Mismatch Crash(FuzzPath path, string target, string verb, string failure) =>
        new(path, MismatchKind.Crash, target, $"{verb}: {failure.Split(": ")[0]}", null, "exit 0", failure);
}
