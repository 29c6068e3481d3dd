using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using AccelInterop.Model;

namespace AccelInterop.Conformance.Layout;

/// <summary>
/// Proves a model right or wrong for one target with a real C compiler.
/// <list type="number">
/// <item>One compiler run checks every fact that C can state as a constant expression (sizes,
/// alignments, member offsets, constant values and types, enumerators, enum integer types, ioctl
/// requests and their <c>_IOC_*</c> fields, argument sizes), one <c>_Static_assert</c> per fact.
/// With clang the same run also dumps the record layouts (<c>-fdump-record-layouts</c>) that
/// bitfields are compared against.</item>
/// <item>Only when facts failed, a second small run recovers the compiler's values for those facts.</item>
/// <item>With gcc (host triple only) bitfields are probed by compiling and running a small program
/// that sets each bitfield to all ones and reports the bits that moved. Running is why this is
/// host-only; the program numbers bits in allocation order for either byte order.</item>
/// </list>
/// Bit offsets are compared in allocation order from the start of the record: what clang's layout
/// dump prints as <c>byte:firstbit</c> and what libclang's <c>clang_Cursor_getOffsetOfField</c>
/// reports, also on big-endian s390x (where allocation starts at the most significant bit).
/// </summary>
public static partial class LayoutOracle
{
    internal const string ProbeFile = "ai-layout-probe.c";
    internal const string ValueFile = "ai-value-probe.c";
    internal const string BitfieldFile = "ai-bitfield-probe.c";

    public static LayoutVerification Verify(UapiModel model, string target, LayoutProbeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        options ??= new LayoutProbeOptions();
        var clock = Stopwatch.StartNew();
        var compiler = (options.Locator ?? CompilerLocator.Default).Locate(target, options.ForceClang, options.ClangPath);
        var probe = LayoutProbeWriter.Write(model, target, options.Headers);

        var dir = Path.Combine(options.WorkDirectory ?? Path.GetTempPath(),
            $"accelinterop-layout-{target}-{Guid.NewGuid():N}"[..^24]);
        Directory.CreateDirectory(dir);
        var session = new Session(compiler, options, target, dir);
        try
        {
            var findings = new List<(int Id, LayoutFinding Finding)>();

            // Stage 1: every asserted fact in one run (plus the record layout dump when clang must check bitfields).
            File.WriteAllText(Path.Combine(dir, ProbeFile), probe.Source);
            var dump = compiler.Kind == CompilerKind.Clang && probe.HasBitfields;
            var main = session.Compile(ProbeFile, dump ? ["-fsyntax-only", "-Xclang", "-fdump-record-layouts"] : ["-fsyntax-only"]);
            var failed = ClassifyErrors(probe, main, session);

            // Stage 2: the compiler's own values, for the facts that failed (not for those it could not evaluate).
            var mismatches = probe.Checks.Where(c => failed.TryGetValue(c.Fact.Id, out var msg) && msg == null && c.ValueExpression != null).ToList();
            var (values, notes) = mismatches.Count > 0 ? RecoverValues(session, probe.Includes, mismatches) : ([], []);
            foreach (var c in probe.Checks)
            {
                if (!failed.TryGetValue(c.Fact.Id, out var message))
                {
                    continue;
                }

                values.TryGetValue(c.Fact.Id, out var actual);
                findings.Add((c.Fact.Id, Finding(target, c.Fact, actual, message ?? (actual == null ? notes.GetValueOrDefault(c.Fact.Id) : null))));
            }

            // Stage 3: bitfields.
            if (probe.HasBitfields)
            {
                var actual = compiler.ProbesBitfieldsAtRunTime
                    ? ProbeBitfieldsAtRunTime(session, probe)
                    : BitfieldsFromDump(probe, main.StandardOutput);
                foreach (var b in probe.Bitfields)
                {
                    var got = actual[b];
                    if (got.Message != null)
                    {
                        findings.Add((b.OffsetFact.Id, Finding(target, b.OffsetFact, null, got.Message)));
                        continue;
                    }
                    if (got.BitOffset != b.BitOffset)
                    {
                        findings.Add((b.OffsetFact.Id, Finding(target, b.OffsetFact, got.BitOffset.ToString(CultureInfo.InvariantCulture), null)));
                    }

                    if (got.BitWidth != b.BitWidth)
                    {
                        findings.Add((b.WidthFact.Id, Finding(target, b.WidthFact, got.BitWidth.ToString(CultureInfo.InvariantCulture), null)));
                    }
                }
            }

            return new LayoutVerification(target, compiler, probe.Counts,
                findings.OrderBy(f => f.Id).Select(f => f.Finding).ToList(), clock.Elapsed, session.Runs,
                options.KeepProbeFiles ? dir : null);
        }
        finally
        {
            if (!options.KeepProbeFiles)
            {
                try { Directory.Delete(dir, recursive: true); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
    }

    private static LayoutFinding Finding(string target, LayoutFact fact, string? compilerValue, string? message) =>
        new(target, fact.Symbol, fact.Member, fact.Kind, fact.ModelValue, compilerValue, message, fact.Location);

    /// <summary>
    /// Maps each compiler error to the fact it belongs to (by the <c>AI#id</c> in the message, else by line).
    /// Value: null for a failed assertion, or the compiler's message when the fact could not be evaluated.
    /// An error that belongs to no fact means the probe itself is broken (headers do not compile): that throws.
    /// </summary>
    private static Dictionary<int, string?> ClassifyErrors(LayoutProbe probe, ToolResult result, Session session)
    {
        var failed = new Dictionary<int, string?>();
        var unmapped = new List<CompilerDiagnostic>();
        var diagnostics = CompilerDiagnostics.Parse(result.StandardError);
        foreach (var d in diagnostics.Where(d => d.IsError))
        {
            var line = d.LineIn(ProbeFile);
            ProbeCheck? check = null;
            if (CompilerDiagnostics.FactIdIn(d.Message) is { } id && probe.ChecksById.TryGetValue(id, out var byId))
            {
                check = byId;
            }
            else if (line is { } l && probe.ChecksByLine.TryGetValue(l, out var byLine))
            {
                check = byLine;
            }

            if (check != null)
            {
                if (!failed.ContainsKey(check.Fact.Id))
                {
                    failed[check.Fact.Id] = CompilerDiagnostics.IsStaticAssertFailure(d.Message) ? null : d.Message;
                }
            }
            else if (line is not { } anchor || !probe.AnchorLines.Contains(anchor))
            {
                unmapped.Add(d);
            }
        }
        if (unmapped.Count > 0)
        {
            throw new LayoutProbeException($"{session.Target}: the probe does not compile with {session.Compiler}: {unmapped[0]}");
        }

        if (result.ExitCode != 0 && failed.Count == 0 && !diagnostics.Any(d => d.IsError))
        {
            throw new LayoutProbeException(
                $"{session.Target}: {session.Compiler} failed (exit {result.ExitCode}): {CompilerDiagnostics.FirstErrorLine(result.StandardError)}");
        }

        return failed;
    }

    /// <summary>
    /// The compiler's values of the failed facts, by fact id, formatted like the model's values; and,
    /// for a value the compiler could not compute (e.g. a cast to a type that does not exist), its message.
    /// </summary>
    private static (Dictionary<int, string> Values, Dictionary<int, string> Messages) RecoverValues(
        Session session, IReadOnlyList<string> includes, IReadOnlyList<ProbeCheck> checks)
    {
        var expressions = checks.Select(c => c.ValueExpression!).ToList();
        var directionBase = -1;
        if (checks.Any(c => c.Format == ValueFormat.Direction))
        {
            directionBase = expressions.Count;
            expressions.AddRange(["_IOC_NONE", "_IOC_READ", "_IOC_WRITE"]);
        }
        var (source, lines) = LayoutProbeWriter.WriteValueProbe(includes, expressions);
        File.WriteAllText(Path.Combine(session.Directory, ValueFile), source);
        var result = session.Compile(ValueFile, ["-fsyntax-only"]);

        var parts = new Dictionary<(int Item, int Chunk), long>();
        var messages = new Dictionary<int, string>();
        foreach (var d in CompilerDiagnostics.Parse(result.StandardError).Where(d => d.IsError))
        {
            if (d.LineIn(ValueFile) is not { } line || !lines.TryGetValue(line, out var at) || parts.ContainsKey(at))
            {
                continue;
            }

            if (CompilerDiagnostics.ArrayBoundIn(d.Message) is { } bound)
            {
                parts[at] = bound - 1;
            }
            else if (at.Item < checks.Count)
            {
                messages.TryAdd(checks[at.Item].Fact.Id, d.Message);
            }
        }

        BigInteger? ValueOf(int item)
        {
            BigInteger u = 0;
            for (var chunk = 0; chunk < 4; chunk++)
            {
                if (!parts.TryGetValue((item, chunk), out var v))
                {
                    return null;
                }

                u |= new BigInteger(v) << (16 * chunk);
            }
            if (!parts.TryGetValue((item, -1), out var negative))
            {
                return null;
            }

            return negative != 0 ? u - (BigInteger.One << 64) : u;
        }

        var values = new Dictionary<int, string>();
        for (var i = 0; i < checks.Count; i++)
        {
            if (ValueOf(i) is not { } v)
            {
                continue;
            }

            values[checks[i].Fact.Id] = checks[i].Format switch
            {
                ValueFormat.TypeIndex => v >= 0 && v < CSpelling.IntegerTypes.Length ? CSpelling.IntegerTypes[(int)v] : $"(type #{v})",
                ValueFormat.Direction => DirectionName(v, ValueOf(directionBase), ValueOf(directionBase + 1), ValueOf(directionBase + 2)),
                _ => v.ToString(CultureInfo.InvariantCulture),
            };
        }
        return (values, messages);
    }

    private static string DirectionName(BigInteger dir, BigInteger? none, BigInteger? read, BigInteger? write)
    {
        if (dir == none)
        {
            return nameof(IoctlDirection.None);
        }

        if (read is { } r && write is { } w)
        {
            if (dir == (r | w))
            {
                return nameof(IoctlDirection.ReadWrite);
            }

            if (dir == r)
            {
                return nameof(IoctlDirection.Read);
            }

            if (dir == w)
            {
                return nameof(IoctlDirection.Write);
            }
        }
        return "_IOC_DIR " + dir.ToString(CultureInfo.InvariantCulture);
    }

    private sealed record BitfieldActual(long BitOffset, int BitWidth, string? Message);

    private static Dictionary<BitfieldCheck, BitfieldActual> BitfieldsFromDump(LayoutProbe probe, string dumpText)
    {
        var wrappers = new Dictionary<int, DumpedRecord>();
        foreach (var r in RecordLayoutDump.Parse(dumpText))
        {
            var m = WrapperName().Match(r.Name);
            if (m.Success)
            {
                wrappers[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)] = r;
            }
        }
        var result = new Dictionary<BitfieldCheck, BitfieldActual>();
        foreach (var b in probe.Bitfields)
        {
            if (!wrappers.TryGetValue(b.Group, out var record))
            {
                result[b] = new BitfieldActual(0, 0, $"clang did not lay out {b.RecordSpelling}");
                continue;
            }
            var member = record.Members.FirstOrDefault(x => x.Path == "m." + b.Path);
            result[b] = member switch
            {
                null => new BitfieldActual(0, 0, $"no member {b.Path} in clang's layout of {b.RecordSpelling}"),
                { IsBitfield: false } => new BitfieldActual(0, 0, $"{b.Path} is not a bitfield in clang's layout (byte offset {member.ByteOffset})"),
                _ => new BitfieldActual(member.BitOffset, member.BitWidth, null),
            };
        }
        return result;
    }

    [GeneratedRegex(@"^struct __ai_bf_(\d+)$")]
    private static partial Regex WrapperName();

    /// <summary>Host only: compiles and runs a program that sets each bitfield to all ones and reports which bits moved.</summary>
    private static Dictionary<BitfieldCheck, BitfieldActual> ProbeBitfieldsAtRunTime(Session session, LayoutProbe probe)
    {
        var result = new Dictionary<BitfieldCheck, BitfieldActual>();
        var pending = probe.Bitfields.ToList();
        var exe = Path.Combine(session.Directory, "ai-bitfield-probe");
        for (var attempt = 0; ; attempt++)
        {
            var (source, lines) = LayoutProbeWriter.WriteBitfieldProgram(probe.Includes, pending);
            File.WriteAllText(Path.Combine(session.Directory, BitfieldFile), source);
            var build = session.Compile(BitfieldFile, ["-O0", "-fno-strict-aliasing", "-o", exe]);
            if (build.ExitCode == 0)
            {
                break;
            }

            // Bitfields the compiler cannot even assign are reported with its message; the rest are probed again.
            var broken = new Dictionary<int, string>();
            foreach (var d in CompilerDiagnostics.Parse(build.StandardError).Where(d => d.IsError))
            {
                if (d.LineIn(BitfieldFile) is { } line && lines.TryGetValue(line, out var index))
                {
                    broken.TryAdd(index, d.Message);
                }
            }

            if (broken.Count == 0 || attempt > 0)
            {
                throw new LayoutProbeException(
                    $"{session.Target}: the bitfield probe does not compile with {session.Compiler}: {CompilerDiagnostics.FirstErrorLine(build.StandardError)}");
            }

            foreach (var (index, message) in broken)
            {
                result[pending[index]] = new BitfieldActual(0, 0, message);
            }

            pending = pending.Where((_, i) => !broken.ContainsKey(i)).ToList();
        }

        var run = session.Run(exe);
        if (run.ExitCode != 0)
        {
            throw new LayoutProbeException($"{session.Target}: the bitfield probe program failed (exit {run.ExitCode}): {CompilerDiagnostics.FirstErrorLine(run.StandardError)}");
        }

        foreach (Match m in ProbeOutput().Matches(run.StandardOutput))
        {
            var index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var first = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            var count = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            if (index < 0 || index >= pending.Count)
            {
                continue;
            }

            result[pending[index]] = first < 0
                ? new BitfieldActual(0, 0, "setting the bitfield to all ones changed no bit")
                : new BitfieldActual(first, count, null);
        }
        foreach (var b in pending)
        {
            result.TryAdd(b, new BitfieldActual(0, 0, "the bitfield probe program printed nothing for this bitfield"));
        }

        return result;
    }

    [GeneratedRegex(@"^AI# (\d+) (-?\d+) (\d+)$", RegexOptions.Multiline)]
    private static partial Regex ProbeOutput();

    /// <summary>The compiler, its arguments and the scratch directory of one verification.</summary>
    private sealed class Session(OracleCompiler compiler, LayoutProbeOptions options, string target, string directory)
    {
        public OracleCompiler Compiler { get; } = compiler;
        public string Target { get; } = target;
        public string Directory { get; } = directory;
        public int Runs { get; private set; }

        public ToolResult Compile(string file, IReadOnlyList<string> mode)
        {
            var args = new List<string>(Compiler.TargetArguments) { "-std=gnu11", "-w" };
            args.AddRange(Compiler.Kind == CompilerKind.Clang
                ? ["-ferror-limit=0", "-fno-caret-diagnostics", "-fno-color-diagnostics"]
                : ["-fmax-errors=0", "-fno-diagnostics-show-caret", "-fdiagnostics-color=never"]);
            args.AddRange(options.IncludeArguments(Target));
            args.AddRange(options.ExtraCompilerArguments);
            args.AddRange(mode);
            args.Add(file);
            Runs++;
            return ToolRunner.Run(Compiler.Path, args, Directory, options.Timeout);
        }

        public ToolResult Run(string program)
        {
            Runs++;
            return ToolRunner.Run(program, [], Directory, options.Timeout);
        }
    }
}
