using System.Text.RegularExpressions;
using AccelInterop.Conformance.Tests.Support;
using AccelInterop.Model.Targets;
using Xunit.Abstractions;

namespace AccelInterop.Conformance.Tests.Rules;

/// <summary>
/// The i386 <c>__u64</c> alignment trap on a real uAPI: Debian bookworm's installed
/// <c>/usr/include/linux/vfio.h</c> (Linux 6.1) has structs whose size differs between x86_64 and
/// i386; the synced 7.2 header padded some of them. Which structs differ is asked from the
/// compilers (gcc on the host, clang for i386), never typed in.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed partial class VfioTargetDivergenceTests(ITestOutputHelper output) : IDisposable
{
    private const string Installed = "/usr/include/linux/vfio.h";
    private static readonly string[] Targets = [LinuxTargets.X86_64.Triple, LinuxTargets.I386.Triple];

    private readonly ScratchTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Check_finds_the_structs_the_compilers_lay_out_differently_and_the_72_header_fixed_some()
    {
        Assert.True(File.Exists(Installed), $"{Installed} is missing (Debian's linux-libc-dev)");
        // The 6.1 header shadows the synced one through -I; everything it includes comes from the synced tree.
        var text61 = File.ReadAllText(Installed);
        _tree.Write("v61/linux/vfio.h", text61);
        var v61 = _tree.PathOf("v61");
        var v72 = _tree.PathOf("none");
        Directory.CreateDirectory(v72);

        var old = AccelgenRun.Of("check", "-I", v61, "linux/vfio.h", "--target", "x86_64", "--target", "i386");
        var now = AccelgenRun.Of("check", "linux/vfio.h", "--target", "x86_64", "--target", "i386");
        output.WriteLine(old.ToString());
        output.WriteLine(now.ToString());

        Assert.Equal(1, old.ExitCode);
        Assert.Empty(old.Findings("UAPI-L001"));   // the compiler confirms the model on both targets
        Assert.Empty(now.Findings("UAPI-L001"));
        var diverging61 = Symbols(old.Findings("UAPI-R003"));
        var diverging72 = Symbols(now.Findings("UAPI-R003"));

        // Ground truth: every struct of the header whose sizeof differs between the two compilers.
        var truth61 = SizeDiffers(v61, text61);
        var truth72 = SizeDiffers(v72, File.ReadAllText(Path.Combine(UapiHeaders.IncludeRoot, "linux", "vfio.h")));
        output.WriteLine($"6.1 sizeof differs: {string.Join(", ", truth61)}; 7.2: {string.Join(", ", truth72)}");
        Assert.Contains("vfio_iommu_type1_info", truth61);
        Assert.DoesNotContain("vfio_iommu_type1_info", truth72);
        Assert.Subset(diverging61, truth61);
        Assert.Subset(diverging72, truth72);

        // The structs 7.2 fixed are no longer reported; nothing new diverges.
        Assert.Contains("vfio_iommu_type1_info", diverging61);
        Assert.DoesNotContain("vfio_iommu_type1_info", diverging72);
        Assert.Subset(diverging61, diverging72);
        foreach (var fixedStruct in truth61.Except(truth72))
        {
            Assert.DoesNotContain(now.StdoutLines, l => l.Contains($"struct {fixedStruct} ", StringComparison.Ordinal) && l.Contains("UAPI-R003"));
        }
        // The i386 trap is also the 64-bit-member rule's: those structs' sizes are not multiples of 8 there.
        Assert.Contains(old.Findings("UAPI-R007"), l => l.Contains("struct vfio_iommu_type1_info ", StringComparison.Ordinal) && l.EndsWith($"[{LinuxTargets.I386.Triple}]"));
    }

    private static HashSet<string> Symbols(IEnumerable<string> lines) =>
        lines.Select(l => StructName().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();

    /// <summary>Tags of the header's structs whose sizeof differs between x86_64 and i386, per the compilers.</summary>
    private static HashSet<string> SizeDiffers(string headerDir, string text)
    {
        var tags = DefinedStruct().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        var exprs = tags.ToDictionary(t => t, t => $"sizeof(struct {t})");
        var sizes = Targets.Select(t => new CompilerTruth(t, headerDir, "linux/vfio.h").Evaluate(exprs)).ToList();
        return tags.Where(t => sizes[0][t] != sizes[1][t]).ToHashSet();
    }

    [GeneratedRegex(@"UAPI-R003 error: struct (\w+) ")]
    private static partial Regex StructName();

    [GeneratedRegex(@"^struct (\w+) \{", RegexOptions.Multiline)]
    private static partial Regex DefinedStruct();
}
