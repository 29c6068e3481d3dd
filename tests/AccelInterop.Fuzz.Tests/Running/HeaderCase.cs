using AccelInterop.Fuzz.Tests.Generation;
using AccelInterop.Headers;
using AccelInterop.Testing.CTruth;

namespace AccelInterop.Fuzz.Tests.Running;

/// <summary>
/// A generated header written to its own folder, with what the compilers say about it on the targets
/// asked for: clang on each, and gcc on x86_64 and i386 as a check of clang (a disagreement is reported,
/// never expected).
/// </summary>
public sealed class HeaderCase : IDisposable
{
    private HeaderCase(string directory, HashSet<string> names, HashSet<string> requests, IReadOnlyList<string> scanned)
    {
        Directory = directory;
        Names = names;
        Requests = requests;
        Scanned = scanned;
    }

    public string Directory { get; }

    /// <summary>The headers accelgen scans, as C includes them: the written one, or the real uAPI headers it includes.</summary>
    public IReadOnlyList<string> Scanned { get; }
    public HashSet<string> Names { get; }
    public HashSet<string> Requests { get; }
    public Dictionary<string, TargetFacts> Truth { get; } = new(StringComparer.Ordinal);
    public List<Mismatch> OracleDisagreements { get; } = [];

    /// <summary>Writes the header and measures it; throws <see cref="ProbeFailedException"/> when it does not compile.</summary>
    public static HeaderCase Create(CHeader header, IReadOnlyList<string> targets, HeaderCache headers, bool withGcc) =>
        Measure(new HeaderCase(NewDirectory(), HeaderProbe.Names(header), HeaderProbe.Requests(header), [CHeader.FileName]),
            HeaderWriter.Write(header), dir => HeaderProbe.Input(header, dir, t => headers.IncludeDirsFor(LinuxTargets.Parse(t))), targets, withGcc);

    /// <summary>
    /// A hand-written header (a regression case), or, with <paramref name="scanned"/>, real uAPI headers that
    /// <paramref name="text"/> includes: the compilers measure <paramref name="records"/> and <paramref name="constants"/>.
    /// </summary>
    public static HeaderCase FromText(string text, IReadOnlyList<ProbeRecord> records, IReadOnlyList<string> constants,
        IReadOnlyList<string> targets, HeaderCache headers, IReadOnlyList<string>? scanned = null) =>
        Measure(new HeaderCase(NewDirectory(), [.. records.Select(r => r.Key), .. constants], [], scanned ?? [CHeader.FileName]), text,
            dir => new ProbeInput(dir, CHeader.FileName, records, constants) { IncludeDirsFor = t => headers.IncludeDirsFor(LinuxTargets.Parse(t)) },
            targets, withGcc: true);

    private static string NewDirectory() => System.IO.Directory.CreateTempSubdirectory("accelinterop-fuzz-").FullName;

    private static HeaderCase Measure(HeaderCase c, string text, Func<string, ProbeInput> probe, IReadOnlyList<string> targets, bool withGcc)
    {
        try
        {
            File.WriteAllText(Path.Combine(c.Directory, CHeader.FileName), text);
            var input = probe(c.Directory);
            var measured = new Dictionary<string, TargetFacts>();
            Parallel.ForEach(targets, new ParallelOptions { MaxDegreeOfParallelism = 2 }, t =>
            {
                var facts = ClangTruth.Measure(input, t);
                lock (measured)
                {
                    measured[t] = facts;
                }
            });
            foreach (var t in targets)
            {
                c.Truth[t] = measured[t];
            }

            if (withGcc)
            {
                var checks = targets.Where(GccTruth.Measures).ToList();
                Parallel.ForEach(checks, new ParallelOptions { MaxDegreeOfParallelism = 2 }, t =>
                {
                    var gcc = GccTruth.Measure(input, t, c.Truth[t]);
                    var differences = FactsDiff.Compare(c.Truth[t], gcc, c.Names.Contains)
                        .Select(d => new Mismatch(FuzzPath.Oracle, MismatchKind.OracleDisagreement, t, d.Owner, d.Member, d.Expected, d.Actual)
                        { Aspect = $"gcc says ({d.Kind})" });
                    lock (c.OracleDisagreements)
                    {
                        c.OracleDisagreements.AddRange(differences);
                    }
                });
            }
            return c;
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is ProbeFailedException) is { } failed)
        {
            c.Dispose();
            throw failed;
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    /// <summary>Records measured, summed over targets (the fuzzer's unit of work: records × targets).</summary>
    public int RecordTargets => Truth.Values.Sum(t => t.Records.Count);

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
