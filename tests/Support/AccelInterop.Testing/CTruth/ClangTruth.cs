using System.Text;

namespace AccelInterop.Testing.CTruth;

/// <summary>
/// clang-19 <c>--target=T</c> as the layout oracle for any of the eight targets, compile-only:
/// a syntax-only pass says which records and names exist there (an error on a probe line means
/// "not on this target") and dumps the record layouts (member paths, bitfields); a second pass
/// stores sizeof, _Alignof, offsetof and every constant in an array and reads it from the LLVM IR.
/// </summary>
public static class ClangTruth
{
    public static TargetFacts Measure(ProbeInput input, string target)
    {
        var dir = Directory.CreateTempSubdirectory("accelinterop-clang-").FullName;
        try
        {
            var (records, constants, dumps) = Exists(input, target, dir);
            var probe = new ValueProbe();
            var at = new Dictionary<ProbeRecord, (ValueProbe.Entry Size, ValueProbe.Entry Align, List<(DumpedMember Member, ValueProbe.Entry At)> Fields)>();
            foreach (var r in records)
            {
                var dump = dumps.GetValueOrDefault(r.Spelling)
                    ?? throw new ProbeFailedException($"clang {target}: no layout dump titled '{r.Spelling}'");
                var size = probe.Add($"sizeof({r.Spelling})", r);
                var align = probe.Add($"_Alignof({r.Spelling})", r);
                var fields = dump.Members.Where(m => m.Bitfield == null)
                    .Select(m => (m, probe.Add($"__builtin_offsetof({r.Spelling}, {m.Path})", r))).ToList();
                at[r] = (size, align, fields);
            }
            var constantAt = constants.ToDictionary(c => c, c => probe.AddConstant(c));
            var ir = probe.CompileDroppingRejected(dir, input.HeaderName,
                p => ChildProcess.Run(CCompilers.Clang!, [.. Arguments(input, target), "-S", "-emit-llvm", "-o", "-", p], CCompilers.Timeout),
                $"clang {target}", out var dropped);
            if (dropped.OfType<ProbeRecord>().FirstOrDefault() is { } lost)
            {
                throw new ProbeFailedException($"clang {target}: '{lost.Spelling}' has a layout dump but its offsets do not compile");
            }

            var values = CompiledData.LlvmI64Array(ir, ValueProbe.ArrayName, probe.Count);
            var facts = new TargetFacts { Target = target };
            foreach (var r in records)
            {
                var dump = dumps[r.Spelling];
                var (size, align, fields) = at[r];
                var record = new RecordFacts { Size = (long)ValueProbe.ValueOf(values, size), Align = (long)ValueProbe.ValueOf(values, align) };
                if (record.Size != dump.Size)
                {
                    throw new ProbeFailedException($"clang {target}: sizeof({r.Spelling}) is {record.Size} but its dump says {dump.Size}");
                }

                foreach (var (member, entry) in fields)
                {
                    var offset = (long)ValueProbe.ValueOf(values, entry);
                    if (offset != member.ByteOffset)
                    {
                        throw new ProbeFailedException($"clang {target}: offsetof({r.Spelling}, {member.Path}) is {offset} but its dump says {member.ByteOffset}");
                    }

                    record.Fields[member.Path] = offset;
                }
                foreach (var b in dump.Members.Where(m => m.Bitfield != null))
                {
                    record.Bitfields[b.Path] = b.Bitfield!.Value;
                }

                facts.Records.TryAdd(r.Key, record);
            }
            foreach (var (name, entry) in constantAt)
            {
                if (!dropped.Contains(name))
                {
                    facts.Constants[name] = ValueProbe.ConstantOf(values, entry);
                }
            }

            return facts;
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>The compiler arguments for the header on a target (the include directories the scanner uses).</summary>
    public static List<string> Arguments(ProbeInput input, string target)
    {
        var args = new List<string> { "--target=" + target, "-std=gnu11", "-nostdlibinc", "-ffreestanding", "-w", "-ferror-limit=0", "-fno-color-diagnostics" };
        foreach (var d in input.IncludeDirsFor(target)) { args.Add("-isystem"); args.Add(d); }
        args.Add("-I");
        args.Add(input.HeaderDirectory);
        return args;
    }

    /// <summary>Which records and constants exist on the target, and the layout dumps of the records.</summary>
    private static (List<ProbeRecord> Records, List<string> Constants, Dictionary<string, DumpedRecord> Dumps) Exists(
        ProbeInput input, string target, string dir)
    {
        var c = new StringBuilder($"#include \"{input.HeaderName}\"\n");
        foreach (var r in input.Records)
        {
            c.Append($"_Static_assert(sizeof({r.Spelling}) || 1, \"\");\n");
        }

        foreach (var name in input.Constants)
        {
            c.Append($"_Static_assert(({name}) == ({name}) || 1, \"\");\n");
        }

        const string file = "exists.c";
        var path = Path.Combine(dir, file);
        File.WriteAllText(path, c.ToString());
        ChildProcess.Result result;
        try { result = ChildProcess.Run(CCompilers.Clang!, [.. Arguments(input, target), "-fsyntax-only", "-Xclang", "-fdump-record-layouts", path], CCompilers.Timeout); }
        catch (TimeoutException e) { throw new ProbeFailedException($"clang {target}: {e.Message}"); }
        var errors = CompilerErrors.Parse(result.StandardError, file);
        if (errors.Elsewhere.Count > 0)
        {
            throw new ProbeFailedException($"clang {target}: {errors.Elsewhere[0]}");
        }

        var records = input.Records.Where((_, i) => !errors.ProbeLines.Contains(2 + i)).ToList();
        var constants = input.Constants.Where((_, i) => !errors.ProbeLines.Contains(2 + input.Records.Count + i)).ToList();
        return (records, constants, RecordLayoutDump.Parse(result.StandardOutput));
    }
}
