using System.Numerics;
using AccelInterop.Conformance.Layout;
using AccelInterop.Conformance.Tests.Support;
using AccelInterop.Model;
using AccelInterop.Model.Targets;

namespace AccelInterop.Conformance.Tests;

[Trait(Needs.Key, Needs.Toolchain)]
public sealed class LayoutOracleTests(AiptFixture fx) : IClassFixture<AiptFixture>
{
    private static readonly string X86_64 = LinuxTargets.X86_64.Triple, I386 = LinuxTargets.I386.Triple;

    public static TheoryData<string, bool> AllTargets => new()
    {
        { X86_64, false }, { X86_64, true }, { I386, false }, { LinuxTargets.AArch64.Triple, false }, { LinuxTargets.Arm.Triple, false },
        { LinuxTargets.PowerPC64LE.Triple, false }, { LinuxTargets.S390X.Triple, false }, { LinuxTargets.RiscV64.Triple, false }, { LinuxTargets.LoongArch64.Triple, false },
    };

    public static TheoryData<string, bool> PlantTargets => new()
    {
        { X86_64, false }, { X86_64, true }, { I386, false }, { LinuxTargets.AArch64.Triple, false }, { LinuxTargets.S390X.Triple, false }, { LinuxTargets.LoongArch64.Triple, false },
    };

    /// <summary>Pointer size, long size, int64 alignment, byte order and the eleven <c>_IOC_*</c> layout macros.</summary>
    private const int TargetFacts = 4 + 11;

    private static string Show(LayoutVerification v) => string.Join("\n", v.Findings);

    private static (LayoutFactKind, string, string?, string, string?) Key(LayoutFinding f) =>
        (f.Kind, f.Symbol, f.Member, f.ModelValue, f.CompilerValue);

    private static string S(BigInteger v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(AllTargets))]
    public void A_model_with_the_compilers_numbers_has_no_findings(string target, bool forceClang)
    {
        var v = LayoutOracle.Verify(fx.Model(target), target, fx.Options(forceClang));

        Assert.True(v.IsClean, Show(v));
        Assert.Equal(forceClang || target != CompilerLocator.HostTarget ? CompilerKind.Clang : CompilerKind.Gcc, v.Compiler.Kind);
        Assert.Equal(target, v.Target);
        Assert.Equal(new LayoutCounts(AiptUapi.RecordCount, AiptUapi.OffsetCount, AiptUapi.BitfieldCount, AiptUapi.ConstantCount,
            AiptUapi.EnumeratorCount, AiptUapi.EnumTypeCount, AiptUapi.IoctlCount, v.Checked.Assertions, TargetFacts), v.Checked);
        // size+align per record, offsets, value+type per constant, enumerators, enum types, 6 per ioctl except the _IO one (no argument): 5;
        // then the target's own facts.
        Assert.Equal(2 * 4 + 16 + 2 * 6 + 5 + 2 + 6 * 4 + 5 + 2 * 9 + TargetFacts, v.Checked.Assertions);
        // clang: one run (the layout dump rides along); gcc: the probe, then build and run of the bitfield program.
        Assert.Equal(v.Compiler.Kind == CompilerKind.Clang ? 1 : 3, v.CompilerRuns);
    }

    [Theory]
    [MemberData(nameof(PlantTargets))]
    public void Planted_errors_are_reported_exactly_with_the_compilers_values(string target, bool forceClang)
    {
        var truth = fx.Truth(target);
        var model = fx.Model(target, bad =>
        {
            bad["size:aipt_pair"] += 8;
            bad["off:aipt_args:flags"] += 4;
            bad["bit:aipt_args:level"] += 1;
            bad["val:AIPT_FLAG_BIG"] += 1;
            bad["iosize:AIPT_IOCTL_CREATE"] += 8;
        });

        var v = LayoutOracle.Verify(model, target, fx.Options(forceClang));

        var expected = new[]
        {
            (LayoutFactKind.Offset, "aipt_args", (string?)"flags", S(truth["off:aipt_args:flags"] + 4), (string?)S(truth["off:aipt_args:flags"])),
            (LayoutFactKind.Size, "aipt_pair", null, S(truth["size:aipt_pair"] + 8), S(truth["size:aipt_pair"])),
            (LayoutFactKind.Value, "AIPT_FLAG_BIG", null, S(truth["val:AIPT_FLAG_BIG"] + 1), S(truth["val:AIPT_FLAG_BIG"])),
            (LayoutFactKind.IoctlSize, "AIPT_IOCTL_CREATE", null, S(truth["iosize:AIPT_IOCTL_CREATE"] + 8), S(truth["iosize:AIPT_IOCTL_CREATE"])),
            // The argument's sizeof is checked against the same (wrong) size field.
            (LayoutFactKind.IoctlArgumentSize, "AIPT_IOCTL_CREATE", null, S(truth["iosize:AIPT_IOCTL_CREATE"] + 8), S(truth["size:aipt_args"])),
            (LayoutFactKind.BitOffset, "aipt_args", "level", S(truth["bit:aipt_args:level"] + 1), S(truth["bit:aipt_args:level"])),
        };
        Assert.Equal(expected, v.Findings.Select(Key).ToArray());
        Assert.All(v.Findings, f => Assert.Equal(target, f.Target));
        Assert.All(v.Findings, f => Assert.Null(f.CompilerMessage));
        var line = v.Findings[1].ToString();
        Assert.Equal($"{target}: aipt_pair: Size: model {S(truth["size:aipt_pair"] + 8)}, compiler {S(truth["size:aipt_pair"])} " +
                     $"({AiptUapi.HeaderPath}:{fx.Header.LineOf("struct aipt_pair {")})", line);
    }

    [Theory]
    [InlineData("x86_64", false)]
    [InlineData("s390x", false)]
    [InlineData("arm", false)]
    public void Types_directions_enumerators_widths_and_nested_bitfields_are_checked(string arch, bool forceClang)
    {
        var target = LinuxTargets.Parse(arch).Triple;
        var truth = fx.Truth(target);
        var intIndex = Array.IndexOf(CompilerTruth.TypeNames, "int");
        var model = fx.Model(target, bad =>
        {
            bad["type:AIPT_MASK"] = intIndex;
            bad["etype:aipt_signed"] = Array.IndexOf(CompilerTruth.TypeNames, "unsigned int");
            bad["dir:AIPT_IOCTL_QUERY"] = truth["ioc:write"];
            bad["val:AIPT_KIND_C"] += 1;
            bad["width:aipt_notag_t:more"] += 1;
            bad["bit:aipt_nested:f2"] += 2;
        });

        var v = LayoutOracle.Verify(model, target, fx.Options(forceClang));

        var f2 = truth["bit:aipt_nested:f2"];
        var innerBase = 8 * truth["off:aipt_args:inner"];
        var expected = new[]
        {
            (LayoutFactKind.Type, "AIPT_MASK", (string?)null, "int", (string?)CompilerTruth.TypeNames[(int)truth["type:AIPT_MASK"]]),
            (LayoutFactKind.Value, "AIPT_KIND_C", null, S(truth["val:AIPT_KIND_C"] + 1), S(truth["val:AIPT_KIND_C"])),
            (LayoutFactKind.Type, "aipt_signed", null, "unsigned int", CompilerTruth.TypeNames[(int)truth["etype:aipt_signed"]]),
            (LayoutFactKind.IoctlDirection, "AIPT_IOCTL_QUERY", null, nameof(IoctlDirection.Write), nameof(IoctlDirection.Read)),
            // A bitfield of a nested record is wrong wherever the record is reached from.
            (LayoutFactKind.BitOffset, "aipt_args", "inner.f2", S(innerBase + f2 + 2), S(innerBase + f2)),
            (LayoutFactKind.BitOffset, "aipt_nested", "f2", S(f2 + 2), S(f2)),
            (LayoutFactKind.BitWidth, "aipt_notag_t", "more", S(truth["width:aipt_notag_t:more"] + 1), S(truth["width:aipt_notag_t:more"])),
        };
        Assert.Equal(expected, v.Findings.Select(Key).ToArray());
    }

    [Theory]
    [InlineData("x86_64", false)]
    [InlineData("x86_64", true)]
    [InlineData("loongarch64", false)]
    public void Facts_the_compiler_cannot_evaluate_are_findings_with_its_message(string arch, bool forceClang)
    {
        var target = LinuxTargets.Parse(arch).Triple;
        var good = fx.Model(target);
        var pair = good.FindRecord("aipt_pair")!;
        var one = PerTarget<long>.Uniform(4);
        var ghostField = new FieldDecl("ghost", TypeRef.Typedef("__u32"), 1, one, one, null);
        var ghostBits = new FieldDecl("phantom", TypeRef.Typedef("__u32"), 1, one, one, new BitfieldLayout(PerTarget<long>.Uniform(3), 2));
        var patched = new RecordDecl(pair.Id, pair.Kind, pair.Tag, pair.TypedefName, pair.Parent, pair.Location, pair.Targets,
            pair.Size, pair.Align, pair.IsPacked, [.. pair.Fields, ghostField, ghostBits]);
        var missing = new RecordDecl("aipt_missing", RecordKind.Struct, "aipt_missing", null, null, pair.Location, null, one, one, false, []);
        var model = good.With(records: [.. good.Records.Where(r => r.Id != pair.Id), patched, missing]);

        var v = LayoutOracle.Verify(model, target, fx.Options(forceClang));

        Assert.Equal(
            [(LayoutFactKind.Size, "aipt_missing", null), (LayoutFactKind.Align, "aipt_missing", null),
             (LayoutFactKind.Offset, "aipt_pair", "ghost"), (LayoutFactKind.BitOffset, "aipt_pair", "phantom")],
            v.Findings.Select(f => (f.Kind, f.Symbol, f.Member)).ToArray());
        Assert.All(v.Findings, f => Assert.Null(f.CompilerValue));
        Assert.All(v.Findings, f => Assert.False(string.IsNullOrEmpty(f.CompilerMessage)));
        Assert.Contains("ghost", v.Findings[2].CompilerMessage);
        Assert.Contains("phantom", v.Findings[3].CompilerMessage);
        Assert.Contains("error: ", v.Findings[2].ToString());
    }

    [Theory]
    [InlineData("x86_64", false)]
    [InlineData("riscv64", false)]
    public void A_tag_the_header_does_not_declare_is_reported_with_the_compilers_reason(string arch, bool forceClang)
    {
        var target = LinuxTargets.Parse(arch).Triple;
        // The model claims 'enum aipt_nokind' where the header only has 'enum aipt_kind': the type check fails,
        // and the compiler cannot even produce the type's spelling, so its reason is reported instead.
        var good = fx.Model(target);
        var kind = good.FindEnum("aipt_kind")!;
        var wrong = new EnumDecl("aipt_nokind", "aipt_nokind", null, kind.Location, null, kind.IntegerType, []);
        var model = good.With(enums: [.. good.Enums, wrong]);

        var v = LayoutOracle.Verify(model, target, fx.Options(forceClang));

        var f = Assert.Single(v.Findings);
        Assert.Equal((LayoutFactKind.Type, "aipt_nokind", (string?)null), (f.Kind, f.Symbol, f.Member));
        Assert.Null(f.CompilerValue);
        Assert.Contains("incomplete", f.CompilerMessage);
    }

    [Fact]
    public void I386_and_x86_64_differ_where_a_u64_follows_a_u32()
    {
        var x64 = fx.Truth(X86_64);
        var x86 = fx.Truth(I386);
        // Both numbers come from the compilers: gcc on this x86_64 host, clang for i386.
        Assert.Equal(16, x64["size:aipt_pair"]);
        Assert.Equal(12, x86["size:aipt_pair"]);
        Assert.Equal(8, x64["off:aipt_pair:hi"]);
        Assert.Equal(4, x86["off:aipt_pair:hi"]);
        // __aligned_u64 exists to make the two agree: aipt_args is the same on both.
        Assert.Equal(x64["size:aipt_args"], x86["size:aipt_args"]);
        Assert.Equal(x64["off:aipt_args:tail"], x86["off:aipt_args:tail"]);

        // x86_64's numbers claimed for i386 (and the other way round): the oracle names every difference.
        var swapped = new[] { (I386, x64, x86), (X86_64, x86, x64) };
        foreach (var (target, claimed, real) in swapped)
        {
            var model = AiptUapi.Build(fx.Header, new Dictionary<string, Dictionary<string, BigInteger>> { [target] = claimed });
            var v = LayoutOracle.Verify(model, target, fx.Options());
            var expected = new[]
            {
                (LayoutFactKind.Size, "aipt_pair", (string?)null, S(claimed["size:aipt_pair"]), (string?)S(real["size:aipt_pair"])),
                (LayoutFactKind.Align, "aipt_pair", null, S(claimed["align:aipt_pair"]), S(real["align:aipt_pair"])),
                (LayoutFactKind.Offset, "aipt_pair", "hi", S(claimed["off:aipt_pair:hi"]), S(real["off:aipt_pair:hi"])),
                (LayoutFactKind.Value, "AIPT_IOCTL_PAIR", null, S(claimed["req:AIPT_IOCTL_PAIR"]), S(real["req:AIPT_IOCTL_PAIR"])),
                (LayoutFactKind.IoctlSize, "AIPT_IOCTL_PAIR", null, S(claimed["iosize:AIPT_IOCTL_PAIR"]), S(real["iosize:AIPT_IOCTL_PAIR"])),
                (LayoutFactKind.IoctlArgumentSize, "AIPT_IOCTL_PAIR", null, S(claimed["iosize:AIPT_IOCTL_PAIR"]), S(real["size:aipt_pair"])),
            };
            Assert.Equal(expected, v.Findings.Select(Key).ToArray());
        }
    }

    [Fact]
    public void The_probe_states_each_fact_once_with_an_id_per_assert()
    {
        var probe = LayoutProbeWriter.Write(fx.Model(X86_64), X86_64);
        var asserts = probe.Source.Split('\n').Where(l => l.StartsWith("_Static_assert(", StringComparison.Ordinal)).ToList();
        Assert.Equal(probe.Counts.Assertions - 2 * probe.Counts.Bitfields, asserts.Count);
        Assert.All(asserts, a => Assert.Matches(@"""AI#\d+ \w+ ", a));
        Assert.Equal(asserts.Count, asserts.Select(a => System.Text.RegularExpressions.Regex.Match(a, @"AI#(\d+)").Value).Distinct().Count());
        Assert.Contains("#include <aipt/aipt_uapi.h>", probe.Source);
        Assert.Contains("_Static_assert(__builtin_types_compatible_p(__typeof__(AIPT_MASK), unsigned int), \"AI#", probe.Source);
        Assert.Contains("_IOC_DIR(AIPT_IOCTL_CREATE) == (_IOC_READ | _IOC_WRITE)", probe.Source);
        Assert.Contains("__builtin_offsetof(struct aipt_args, pair.lo16)", probe.Source);
        Assert.Contains("__builtin_offsetof(struct aipt_args, index)", probe.Source);
        Assert.Contains("sizeof(aipt_notag_t)", probe.Source);
        Assert.Contains("sizeof(__u32) == ", probe.Source);
    }

    [Fact]
    public void Headers_that_do_not_compile_are_an_error_not_findings()
    {
        var s390x = LinuxTargets.S390X.Triple;
        var model = fx.Model(s390x);
        var options = new LayoutProbeOptions
        {
            IncludeRoots = [UapiHeaders.IncludeRoot],
            IncludeDirs = [fx.Header.Directory],
            Headers = ["aipt/no_such_header.h"],
        };
        var ex = Assert.Throws<LayoutProbeException>(() => LayoutOracle.Verify(model, s390x, options));
        Assert.Contains("no_such_header.h", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
