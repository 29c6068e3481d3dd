using System.Numerics;
using AccelInterop.Fuzz.Tests.Running;
using AccelInterop.Headers;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Testing.CTruth;

namespace AccelInterop.Fuzz.Tests.Paths;

/// <summary>What the C# comparison saw that is not a mismatch: values compared, and what the bindings honestly leave out.</summary>
public sealed class CSharpTally
{
    public int ComparedRows;

    /// <summary>Table cells marked -2 (not bound exactly there), and records/constants absent with a note.</summary>
    public int NotBound;

    /// <summary>Per architecture the report ran on (a triple): rows of the compiled structs compared with that target's compiler.</summary>
    public SortedDictionary<string, int> CompiledRows { get; } = new(StringComparer.Ordinal);

    /// <summary>Per architecture the report ran on: time to compile and run it there (under qemu for a foreign one).</summary>
    public SortedDictionary<string, TimeSpan> RunTime { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Compares a generated-bindings report with the compilers: every layout table column against that
/// target's compiler facts, and on the running architecture the compiled layout and the constants,
/// requests and enumerators. Rows of the emitter's own anonymous types (<c>s::anon0</c>) are checked
/// through their parent's rows only.
/// </summary>
public static class CSharpComparison
{
    /// <param name="tables">compare every target's table column too (once per header, not per runner).</param>
    public static List<Mismatch> Compare(HeaderCase c, GeneratedReportText report, ISet<string> notes, string runTarget, bool tables, CSharpTally tally)
    {
        var found = new List<Mismatch>();
        found.AddRange(report.Errors.Select(e => AccelgenPaths.Crash(FuzzPath.CSharp, runTarget, "GeneratedReport", e)));
        var rowsByArch = report.Rows.GroupBy(r => r.Arch).ToDictionary(g => g.Key, g => g.ToList());
        for (var a = 0; a < LinuxTargets.All.Count; a++)
        {
            var target = LinuxTargets.All[a].Triple;
            if (!c.Truth.TryGetValue(target, out var truth) || (!tables && a != report.Arch))
            {
                continue;
            }

            var rows = rowsByArch.GetValueOrDefault(a) ?? [];
            Layout(found, truth, rows, tables, a == report.Arch, notes, c.Names, tally);
        }
        if (c.Truth.TryGetValue(runTarget, out var host))
        {
            Values(found, c, host, report, notes, tally);
        }

        return found;
    }

    /// <param name="table">check this target's table column (and that every record has one).</param>
    /// <param name="running">this is the architecture the report ran on: check the compiled structs too.</param>
    private static void Layout(List<Mismatch> found, TargetFacts truth, List<(int Arch, string Symbol, long Actual, long Expected)> rows,
        bool table, bool running, ISet<string> notes, ISet<string> names, CSharpTally tally)
    {
        var target = truth.Target;
        var recordsWithRows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, symbol, actual, expected) in rows)
        {
            if (symbol.Contains("::", StringComparison.Ordinal))
            {
                continue;
            }

            var (record, member, aspect) = Split(symbol);
            recordsWithRows.Add(record);
            if (expected == -2)
            {
                if (table)
                {
                    tally.NotBound++;
                }

                continue;
            }
            long? value = !truth.Records.TryGetValue(record, out var facts) ? null : aspect switch
            {
                "size" => facts.Size,
                "offset" => facts.Fields.TryGetValue(member!, out var o) ? o : null,
                "bit" => facts.Bitfields.TryGetValue(member!, out var b) ? b.BitOffset : null,
                _ => facts.Bitfields.TryGetValue(member!, out var w) ? w.BitWidth : null,
            };
            var kind = aspect switch { "size" => MismatchKind.Size, "offset" => MismatchKind.Offset, _ => MismatchKind.Bitfield };
            var what = aspect is "bit" or "width" ? $"{aspect} " : "";
            if (value == null)
            {
                // Records of the uAPI headers the generated one includes are not measured here.
                if (table && expected >= 0 && (facts != null || member == null && names.Contains(record)))
                {
                    found.Add(Table(MismatchKind.Extra, target, record, member, facts == null ? "no such record" : "no such member", $"{what}{expected}"));
                }

                continue;
            }
            if (table)
            {
                tally.ComparedRows++;
                if (expected == -1)
                {
                    found.Add(Table(MismatchKind.Missing, target, record, member, $"{what}{value}", "table has no value for this target"));
                }
                else if (expected != value)
                {
                    found.Add(Table(kind, target, record, member, $"{what}{value}", $"{what}{expected}"));
                }
            }
            if (running && expected != -1)
            {
                tally.CompiledRows[target] = tally.CompiledRows.GetValueOrDefault(target) + 1;
            }
            if (running && expected != -1 && actual != value)
            {
                found.Add(new Mismatch(FuzzPath.CSharp, kind, target, record, member, $"{what}{value}", $"{what}{actual}") { Aspect = "compiled" });
            }
        }
        if (!table)
        {
            return;
        }

        foreach (var record in truth.Records.Keys.Where(r => !recordsWithRows.Contains(r)))
        {
            if (notes.Contains(record))
            {
                tally.NotBound++;
            }
            else
            {
                found.Add(Table(MismatchKind.Missing, target, record, null, $"size {truth.Records[record].Size}", "no C# struct and no note"));
            }
        }
    }

    private static void Values(List<Mismatch> found, HeaderCase c, TargetFacts host, GeneratedReportText report, ISet<string> notes, CSharpTally tally)
    {
        MismatchKind KindOf(string name) => c.Requests.Contains(name) ? MismatchKind.Request : MismatchKind.Constant;
        foreach (var (name, value) in host.Constants)
        {
            if (!report.Values.TryGetValue(name, out var got) || got == null)
            {
                if (notes.Contains(name))
                {
                    tally.NotBound++;
                }
                else
                {
                    found.Add(Compiled(KindOf(name), host.Target, name, FactsDiff.Value(value), got == null && report.Values.ContainsKey(name)
                    ? "unavailable, and no note" : "not in the bindings, and no note"));
                }

                continue;
            }
            if (got != value)
            {
                found.Add(Compiled(KindOf(name), host.Target, name, FactsDiff.Value(value), FactsDiff.Value(got.Value)));
            }
        }
        foreach (var (name, got) in report.Values.Where(v => v.Value != null && !host.Constants.ContainsKey(v.Key) && c.Names.Contains(v.Key)))
        {
            found.Add(Compiled(KindOf(name), host.Target, name, "not an integer constant here", FactsDiff.Value((BigInteger)got!)));
        }
    }

    private static (string Record, string? Member, string Aspect) Split(string symbol)
    {
        var dot = symbol.IndexOf('.');
        if (dot < 0)
        {
            return (symbol, null, "size");
        }

        var member = string.Join('.', symbol[(dot + 1)..].Split('.').Select(p => p.TrimStart('@')));
        if (member.EndsWith(":bit", StringComparison.Ordinal))
        {
            return (symbol[..dot], member[..^4], "bit");
        }

        if (member.EndsWith(":width", StringComparison.Ordinal))
        {
            return (symbol[..dot], member[..^6], "width");
        }

        return (symbol[..dot], member, "offset");
    }

    private static Mismatch Table(MismatchKind kind, string target, string record, string? member, string expected, string actual) =>
        new(FuzzPath.CSharp, kind, target, record, member, expected, actual) { Aspect = "table" };

    private static Mismatch Compiled(MismatchKind kind, string target, string name, string expected, string actual) =>
        new(FuzzPath.CSharp, kind, target, name, null, expected, actual) { Aspect = "compiled" };
}
