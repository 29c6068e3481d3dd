using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;
using AccelInterop.Conformance.Layout;
using AccelInterop.Conformance.Tests.Support;
using AccelInterop.Model;
using AccelInterop.Model.Targets;
using Xunit.Abstractions;

namespace AccelInterop.Conformance.Tests;

/// <summary>
/// A model the size of xe_drm.h (100 records, ~1800 checks) goes through in one compiler run per
/// target. Timings are written to the test output, not asserted.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class ScaleTests(ITestOutputHelper output)
{
    private const int Records = 100;
    private static readonly string[] Fields = ["a", "b", "c", "d", "e", "f", "g", "h"];

    private static string Header()
    {
        var sb = new StringBuilder("#ifndef AISC_H\n#define AISC_H\n#include <linux/types.h>\n#include <linux/ioctl.h>\n");
        for (var k = 0; k < Records; k++)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"struct aisc_rec_{k} {{ __u32 a; __u64 b; __u16 c; __u8 d[{k % 5 + 1}]; __s32 e; __u64 f; __u8 g; __u32 h; }};\n");
            sb.Append(CultureInfo.InvariantCulture, $"#define AISC_CONST_{k} ({k} * 3u + 1)\n");
            sb.Append(CultureInfo.InvariantCulture, $"#define AISC_IOCTL_{k} _IOWR('S', {k}, struct aisc_rec_{k})\n");
        }
        return sb.Append("#endif\n").ToString();
    }

    private static UapiModel Build(string target, Dictionary<string, BigInteger> t, TempHeader header)
    {
        PerTarget<long> L(string key) => PerTarget<long>.Uniform((long)t[key]);
        var loc = new SourceLocation(header.RelativePath, 1);
        var records = Enumerable.Range(0, Records).Select(k => new RecordDecl($"aisc_rec_{k}", RecordKind.Struct, $"aisc_rec_{k}", null, null,
            loc, null, L($"size:{k}"), L($"align:{k}"), false,
            Fields.Select(f => new FieldDecl(f, TypeRef.Typedef("__u32"), 1, L($"off:{k}:{f}"), L($"fsize:{k}:{f}"), null)).ToList())).ToList();
        var constants = Enumerable.Range(0, Records).Select(k => new ConstantDecl($"AISC_CONST_{k}", loc, null,
            PerTarget<string>.Uniform("unsigned int"), PerTarget<BigInteger>.Uniform(t[$"const:{k}"]))).ToList();
        var ioctls = Enumerable.Range(0, Records).Select(k => new IoctlDecl($"AISC_IOCTL_{k}", loc, null, IoctlDirection.ReadWrite,
            L($"type:{k}"), L($"nr:{k}"), L($"iosize:{k}"), PerTarget<BigInteger>.Uniform(t[$"req:{k}"]), TypeRef.Record($"aisc_rec_{k}"))).ToList();
        return new UapiModel(null, [new HeaderRef(header.RelativePath, "0")], [], [CompilerTruth.AbiOf(target)], [], records, [], constants, ioctls, []);
    }

    [Theory]
    [InlineData("x86_64", false)]
    [InlineData("x86_64", true)]
    [InlineData("i386", false)]
    [InlineData("aarch64", false)]
    [InlineData("arm", false)]
    [InlineData("powerpc64le", false)]
    [InlineData("s390x", false)]
    [InlineData("riscv64", false)]
    [InlineData("loongarch64", false)]
    public void An_xe_sized_model_is_checked_in_one_run(string arch, bool forceClang)
    {
        var target = LinuxTargets.Parse(arch).Triple;
        using var header = new TempHeader("aisc/aisc.h", Header());
        var exprs = new Dictionary<string, string>();
        for (var k = 0; k < Records; k++)
        {
            exprs[$"size:{k}"] = $"sizeof(struct aisc_rec_{k})";
            exprs[$"align:{k}"] = $"_Alignof(struct aisc_rec_{k})";
            foreach (var f in Fields)
            {
                exprs[$"off:{k}:{f}"] = $"__builtin_offsetof(struct aisc_rec_{k}, {f})";
                exprs[$"fsize:{k}:{f}"] = $"sizeof(((struct aisc_rec_{k} *)0)->{f})";
            }
            exprs[$"const:{k}"] = $"AISC_CONST_{k}";
            exprs[$"req:{k}"] = $"AISC_IOCTL_{k}";
            exprs[$"type:{k}"] = $"_IOC_TYPE(AISC_IOCTL_{k})";
            exprs[$"nr:{k}"] = $"_IOC_NR(AISC_IOCTL_{k})";
            exprs[$"iosize:{k}"] = $"_IOC_SIZE(AISC_IOCTL_{k})";
        }
        var truth = new CompilerTruth(target, header.Directory, header.RelativePath).Evaluate(exprs);
        var options = new LayoutProbeOptions { IncludeRoots = [UapiHeaders.IncludeRoot], IncludeDirs = [header.Directory], ForceClang = forceClang };

        var clock = Stopwatch.StartNew();
        var clean = LayoutOracle.Verify(Build(target, truth, header), target, options);
        var cleanTime = clock.Elapsed;

        var planted = new Dictionary<string, BigInteger>(truth);
        for (var k = 0; k < Records; k += 10)
        {
            planted[$"size:{k}"] += 4;
        }

        clock.Restart();
        var wrong = LayoutOracle.Verify(Build(target, planted, header), target, options);
        var wrongTime = clock.Elapsed;

        Assert.True(clean.IsClean, string.Join("\n", clean.Findings));
        Assert.Equal(Records * (2 + Fields.Length) + Records * 2 + Records * 6 + clean.Checked.TargetFacts, clean.Checked.Assertions);
        Assert.Equal(4 + 11, clean.Checked.TargetFacts); // pointer, long, int64 alignment, byte order; the eleven _IOC_* macros
        Assert.Equal(1, clean.CompilerRuns);
        Assert.Equal(Records / 10, wrong.Findings.Count);
        Assert.All(wrong.Findings, f => Assert.Equal(
            (f.Kind, (BigInteger.Parse(f.ModelValue, CultureInfo.InvariantCulture) - 4).ToString(CultureInfo.InvariantCulture)),
            (LayoutFactKind.Size, f.CompilerValue)));
        Assert.Equal(2, wrong.CompilerRuns);
        output.WriteLine(
            $"{target} {clean.Compiler}: {clean.Checked.Assertions} checks clean in {cleanTime.TotalMilliseconds:0} ms; " +
            $"with {wrong.Findings.Count} planted errors (+ value recovery) in {wrongTime.TotalMilliseconds:0} ms");
    }
}
