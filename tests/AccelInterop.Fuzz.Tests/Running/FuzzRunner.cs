using System.Diagnostics;
using AccelInterop.Fuzz.Tests.Generation;
using AccelInterop.Fuzz.Tests.Paths;
using AccelInterop.Fuzz.Tests.Shrinking;
using AccelInterop.Headers;
using AccelInterop.Testing.CTruth;

namespace AccelInterop.Fuzz.Tests.Running;

/// <summary>
/// The differential fuzz loop: generate a header from each seed, measure it with the compilers, run it
/// through facts per target, the merged model and the generated C#, collect every mismatch, and shrink
/// the first ones of each kind to a minimal header.
/// </summary>
public sealed class FuzzRunner
{
    private readonly FuzzOptions _options;
    private readonly HeaderCache _headers;
    private readonly AccelgenPaths _paths;
    private readonly Action<string> _log;
    private readonly Dictionary<string, string> _emulationUnavailable = new(StringComparer.Ordinal);

    /// <param name="csharp">
    /// run the generated C# (default: in this process, on the host, and under qemu-user on each of
    /// <see cref="FuzzOptions.Emulated"/> that can run here); each runner's compiled layout and values are checked.
    /// </param>
    /// <param name="accelgen">runs accelgen (default: per <see cref="FuzzOptions.ChildProcess"/>).</param>
    public FuzzRunner(FuzzOptions options, HeaderCache headers, Action<string> log, IReadOnlyList<IGeneratedCodeRunner>? csharp = null,
        IAccelgen? accelgen = null)
    {
        _options = options;
        _headers = headers;
        _log = log;
        accelgen ??= options.ChildProcess ? new ProcessAccelgen(options.AccelgenTimeout) : new InProcessAccelgen(options.AccelgenTimeout);
        _paths = new AccelgenPaths(accelgen, csharp ?? DefaultRunners(options), headers.IncludeDir);
    }

    private List<IGeneratedCodeRunner> DefaultRunners(FuzzOptions options)
    {
        var runners = new List<IGeneratedCodeRunner> { new InProcessGeneratedRunner() };
        foreach (var target in options.Emulated.Where(t => t != LinuxTargets.Current))
        {
            if (EmulatedGeneratedRunner.For(target, out var why) is { } runner)
            {
                runners.Add(runner);
            }
            else
            {
                _emulationUnavailable[target.Triple] = why!;
            }
        }
        return runners;
    }

    /// <param name="progress">called with the result so far after each header (a long run writes its report there).</param>
    public FuzzResult Run(Action<FuzzResult>? progress = null)
    {
        var result = new FuzzResult(_options) { EmulationUnavailable = _emulationUnavailable };
        var clock = Stopwatch.StartNew();
        var shrunk = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var failuresInARow = 0;
        for (var i = 0; result.RecordTargets < _options.RecordTargets; i++)
        {
            var seed = _options.Seed + i;
            var header = HeaderGenerator.Generate(seed, _options.Features, _options.RecordsPerHeader);
            var found = Evaluate(header, new Scope(_options.Targets), result.Timings, result.Tally, out var recordTargets, out var records, out var probeError);
            if (found == null)
            {
                result.ProbeFailures.Add((seed, probeError!));
                if (++failuresInARow >= 20)
                {
                    throw new InvalidOperationException($"20 generated headers in a row do not compile; last: seed {seed}: {probeError}");
                }

                continue;
            }
            failuresInARow = 0;
            result.Headers++;
            result.Records += records;
            result.RecordTargets += recordTargets;
            result.Mismatches.AddRange(found.Select(m => (seed, m)));
            _log($"seed {seed}: {records} records, {recordTargets} records x targets, {found.Count} mismatches " +
                 $"(total {result.RecordTargets}/{_options.RecordTargets}, {clock.Elapsed.TotalSeconds:0} s)");
            foreach (var m in found)
            {
                var construct = Construct(header, m);
                var list = shrunk.TryGetValue(m.Class, out var l) ? l : shrunk[m.Class] = [];
                if (list.Count >= _options.ShrinksPerClass || list.Contains(construct)
                    || _options.ShrinkOnly != null && !m.Class.Contains(_options.ShrinkOnly, StringComparison.Ordinal))
                {
                    continue;
                }

                list.Add(construct);
                var reproducer = Shrink(seed, header, m);
                _log($"  shrunk {m.Class} to {reproducer.Minimal.Decls.Count} declarations in {reproducer.Evaluations} runs ({reproducer.Elapsed.TotalSeconds:0} s)");
                result.Reproducers.Add(reproducer);
            }
            result.Elapsed = clock.Elapsed;
            progress?.Invoke(result);
        }
        result.Elapsed = clock.Elapsed;
        return result;
    }

    /// <summary>What one evaluation measures: the compilers' targets, what the merged model is scanned for, and which path runs.</summary>
    /// <param name="Scan">the model's targets; null: all eight.</param>
    /// <param name="Only">one path (shrinking), or every path.</param>
    public sealed record Scope(IReadOnlyList<string> Targets, IReadOnlyList<string>? Scan = null, FuzzPath? Only = null);

    /// <summary>
    /// One header through the compilers and the paths of <paramref name="scope"/>; null (with the
    /// compiler's complaint) when the header does not compile on one of its targets.
    /// </summary>
    public List<Mismatch>? Evaluate(CHeader header, Scope scope, PathTimings timings, CSharpTally tally,
        out int recordTargets, out int records, out string? probeError)
    {
        recordTargets = records = 0;
        probeError = null;
        HeaderCase c;
        var clock = Stopwatch.StartNew();
        var only = scope.Only;
        try { c = HeaderCase.Create(header, scope.Targets, _headers, withGcc: only is null or FuzzPath.Oracle); }
        catch (ProbeFailedException e)
        {
            probeError = e.Message;
            return null;
        }
        timings.Add("compilers", clock);
        using (c)
        {
            recordTargets = c.RecordTargets;
            records = c.Truth.Values.Max(t => t.Records.Count);
            var found = new List<Mismatch>(c.OracleDisagreements);
            if (only is null or FuzzPath.Facts)
            {
                foreach (var t in scope.Targets)
                {
                    found.AddRange(_paths.Facts(c, t));
                }

                timings.Add("facts per target", clock);
                if (Hung(found))
                {
                    return found;
                }
            }
            if (only is null or FuzzPath.Merged or FuzzPath.CSharp)
            {
                var model = _paths.Scan(c, scope.Scan, out var crash);
                if (crash != null)
                {
                    found.Add(crash);
                }

                timings.Add("scan all targets", clock);
                if (model == null || Hung(found))
                {
                    return found;
                }

                if (only is null or FuzzPath.Merged)
                {
                    foreach (var t in scope.Targets)
                    {
                        found.AddRange(_paths.Merged(c, model, t));
                    }

                    timings.Add("facts --model", clock);
                }
                if (only is null or FuzzPath.CSharp)
                {
                    found.AddRange(_paths.CSharp(c, model, tally));
                    timings.Add("generate + C#", clock);
                }
            }
            return found;
        }
    }

    /// <summary>After a timeout accelgen's thread is still busy: stop feeding this header to it.</summary>
    private static bool Hung(List<Mismatch> found) => found.Any(m => m.Kind == MismatchKind.Crash && m.Actual.StartsWith("timeout", StringComparison.Ordinal));

    /// <summary>
    /// Shrinks a header while the same mismatch (path, kind, target, owner) remains, running only that
    /// path, measuring only that target, and scanning as few targets as still show it (one, then with
    /// the host, then all): the smaller the scope, the faster each try.
    /// </summary>
    public Reproducer Shrink(int seed, CHeader header, Mismatch mismatch)
    {
        var host = LinuxTargets.Current!.Triple;
        var targets = LinuxTargets.Find(mismatch.Target) is { } t ? [t.Triple] : new[] { host };
        bool Shows(CHeader h, Scope s) =>
            Evaluate(h, s, new PathTimings(), new CSharpTally(), out _, out _, out _)?.Any(m => m.Signature == mismatch.Signature) == true;
        var scopes = new[] { targets, targets.Append(host).Distinct().ToArray() }.Distinct(new SequenceComparer())
            .Select(s => new Scope(targets, s, mismatch.Path)).Append(new Scope(targets, null, mismatch.Path));
        var scope = mismatch.Path is FuzzPath.Merged or FuzzPath.CSharp
            ? scopes.FirstOrDefault(s => Shows(header, s)) ?? new Scope(targets, null, mismatch.Path)
            : new Scope(targets, null, mismatch.Path);
        var shrunk = Shrinker.Shrink(header, h => Shows(h, scope), _options.ShrinkEvaluations, _options.ShrinkBudget);
        var left = Evaluate(shrunk.Header, scope with { Scan = null }, new PathTimings(), new CSharpTally(), out _, out _, out _)?
            .Where(m => m.Path == mismatch.Path && m.Target == mismatch.Target).ToList() ?? [];
        return new Reproducer(seed, mismatch, shrunk.Header, left, HeaderFeatures.Of(shrunk.Header), shrunk.Evaluations, shrunk.Elapsed, shrunk.BudgetSpent);
    }

    private sealed class SequenceComparer : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? x, string[]? y) => x!.SequenceEqual(y!);
        public int GetHashCode(string[] obj) => obj.Length;
    }

    /// <summary>The features of the record or macro a mismatch is about: two mismatches of one class from different constructs both get shrunk.</summary>
    private static string Construct(CHeader header, Mismatch m)
    {
        var record = header.Records.FirstOrDefault(r => (r.Paste?.Name ?? r.Body.Tag ?? r.Typedef) == m.Owner.Replace(HeaderProbe.TypedefClashSuffix, ""));
        if (record != null)
        {
            return string.Join(",", HeaderFeatures.Of(record));
        }

        var macro = header.Decls.OfType<MacroDecl>().FirstOrDefault(d => d.Name == m.Owner);
        return macro != null ? macro.Role.ToString() : m.Owner.StartsWith("CS", StringComparison.Ordinal) || m.Kind == MismatchKind.Crash ? m.Owner : "";
    }
}
