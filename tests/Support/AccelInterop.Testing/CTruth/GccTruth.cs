namespace AccelInterop.Testing.CTruth;

/// <summary>
/// gcc as a second, independent oracle for x86_64 and i386 (<c>-m32</c>), compile-only so no 32-bit
/// libc is needed: sizeof, _Alignof, offsetof and constants go into an array read back from the
/// assembly, and each bitfield is set to all ones in a zeroed static union whose bytes gcc emits.
/// It answers the questions clang's pass found (which records, members and names exist).
/// </summary>
public static class GccTruth
{
    public static bool Measures(string target) => CCompilers.GccTargets.Contains(target);

    public static TargetFacts Measure(ProbeInput input, string target, TargetFacts questions)
    {
        var dir = Directory.CreateTempSubdirectory("accelinterop-gcc-").FullName;
        try
        {
            var spelling = input.Records.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First().Spelling);
            var probe = new ValueProbe();
            var plan = new List<(string Key, ValueProbe.Entry Size, ValueProbe.Entry Align, List<(string Path, ValueProbe.Entry At)> Fields,
                List<(string Path, string Label)> Bits)>();
            var n = 0;
            foreach (var (key, q) in questions.Records)
            {
                var s = spelling[key];
                var size = probe.Add($"sizeof({s})", key);
                var align = probe.Add($"_Alignof({s})", key);
                var fields = q.Fields.Keys.Select(p => (p, probe.Add($"__builtin_offsetof({s}, {p})", key))).ToList();
                var bits = new List<(string, string)>();
                foreach (var path in q.Bitfields.Keys)
                {
                    var label = $"__fz_b{n++}";
                    probe.Define($"union {{ {s} r; unsigned char b[sizeof({s})]; }} {label} = {{ .r.{path} = -1 }};", key);
                    bits.Add((path, label));
                }
                plan.Add((key, size, align, fields, bits));
            }
            var constantAt = questions.Constants.Keys.ToDictionary(c => c, c => probe.AddConstant(c));
            var args = new List<string> { "-std=gnu11", "-w", "-S", "-o", "-" };
            if (target == AccelInterop.Runtime.Targets.LinuxTargets.I386.Triple)
            {
                args.Add("-m32");
            }

            foreach (var d in input.IncludeDirsFor(target)) { args.Add("-isystem"); args.Add(d); }
            args.AddRange(["-I", input.HeaderDirectory]);
            var asm = probe.CompileDroppingRejected(dir, input.HeaderName,
                p => ChildProcess.Run(CCompilers.Gcc!, [.. args, p], CCompilers.Timeout), $"gcc {target}", out var dropped);
            var objects = CompiledData.GasObjects(asm);
            var values = CompiledData.Words(objects[ValueProbe.ArrayName]);
            var facts = new TargetFacts { Target = target };
            foreach (var (key, size, align, fields, bits) in plan)
            {
                if (dropped.Contains(key))
                {
                    continue;
                }

                var record = new RecordFacts { Size = (long)ValueProbe.ValueOf(values, size), Align = (long)ValueProbe.ValueOf(values, align) };
                foreach (var (path, entry) in fields)
                {
                    record.Fields[path] = (long)ValueProbe.ValueOf(values, entry);
                }

                foreach (var (path, label) in bits)
                {
                    record.Bitfields[path] = CompiledData.SetBits(objects[label]);
                }

                facts.Records[key] = record;
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
}
