using System.Text.RegularExpressions;
using AccelInterop.Conformance.Tests.Support;
using Xunit.Abstractions;

namespace AccelInterop.Conformance.Tests.Rules;

/// <summary>
/// The product's uAPIs as CI sees them: accelgen check of the committed models on all eight targets
/// (layouts confirmed by the compilers, design-rule findings reported per rule), and accelgen diff of
/// each committed model against a fresh scan of its headers (no ABI change while the model is current).
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed partial class UapiConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Uapis => new()
    {
        { "drm", "drm/drm.h" },
        { "amdxdna", "drm/amdxdna_accel.h" },
        { "qda", "drm/qda_accel.h" },
        { "xe", "drm/xe_drm.h" },
        { "vfio", "linux/vfio.h,linux/vfio_dmabuf_ext.h,linux/iommufd.h" },
        { "dmabuf", "linux/dma-buf.h,linux/dma-heap.h,linux/udmabuf.h,drm/vgem_drm.h" },
    };

    [Fact]
    public void Check_of_the_committed_models_confirms_every_layout_and_reports_the_design_findings()
    {
        using var tree = new ScratchTree();
        var run = AccelgenRun.Of("check", "--sarif", tree.PathOf("uapis.sarif"));
        output.WriteLine(run.Stderr);
        foreach (var uapi in run.StdoutLines.GroupBy(l => l[..l.IndexOf(':')]))
        {
            var perRule = uapi.GroupBy(l => RuleId().Match(l).Value).OrderBy(g => g.Key)
                .Select(g => $"{g.Key} {g.Count()}");
            output.WriteLine($"{uapi.Key}: {uapi.Count()} findings: {string.Join(", ", perRule)}");
        }
        output.WriteLine(run.Stdout);

        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        Assert.Empty(run.Findings("UAPI-L001"));
        // Every uAPI was verified by a compiler on all eight targets.
        Assert.Equal(6 * 8, run.ErrorLines.Count(l => LayoutLine().IsMatch(l)));
        Assert.All(run.ErrorLines.Where(l => LayoutLine().IsMatch(l)), l => Assert.EndsWith(" 0 finding(s)", l));
        Assert.Equal(run.StdoutLines.Length > 0 ? 1 : 0, run.ExitCode);
        using var sarif = System.Text.Json.JsonDocument.Parse(File.ReadAllText(tree.PathOf("uapis.sarif")));
        Assert.Empty(Sarif.SarifLog.Problems(sarif.RootElement));
        Assert.Equal(6, sarif.RootElement.GetProperty("runs").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Uapis))]
    public void The_committed_model_has_the_abi_of_a_fresh_scan(string name, string headers)
    {
        var run = AccelgenRun.Of("diff", CheckInputTests.ModelPath(name), headers, "--target", "all");
        output.WriteLine(run.ToString());
        Assert.Equal(0, run.ExitCode);
    }

    [GeneratedRegex(@"UAPI-[LR]\d{3}")]
    private static partial Regex RuleId();

    [GeneratedRegex(@"^accelgen: \w+: layout \S+ \(.*\): \d+ checks, \d+ finding\(s\)$")]
    private static partial Regex LayoutLine();
}
