using System.Text.Json.Nodes;
using AccelInterop.Conformance.Tests.Support;
using AccelInterop.Model.Targets;

namespace AccelInterop.Conformance.Tests.Rules;

/// <summary>
/// UAPI-L001 through accelgen check: a committed model that the compilers confirm, with one
/// number changed, is reported with the symbol, the target, the model's value and the compiler's
/// (which is the committed model's original number, itself confirmed clean by the first check).
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class LayoutMismatchTests : IDisposable
{
    private readonly ScratchTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void A_wrong_size_and_a_wrong_offset_are_reported_with_both_values()
    {
        var original = CheckInputTests.ModelPath("xe");
        var clean = AccelgenRun.Of("check", "--model", original, "--target", "x86_64", "--target", "i386");
        Assert.Empty(clean.Findings("UAPI-L001"));

        var model = JsonNode.Parse(File.ReadAllText(original))!;
        var record = model["records"]!.AsArray().Single(r => (string?)r!["id"] == "drm_xe_gem_create")!;
        var size = (long)record["size"]!;
        var field = record["fields"]!.AsArray().Single(f => (string?)f!["name"] == "size")!;
        var offset = (long)field["offset"]!;
        record["size"] = size + 8;
        field["offset"] = offset + 4;
        var perturbed = _tree.Write("xe-perturbed.uapi.json", model.ToJsonString());

        var run = AccelgenRun.Of("check", "--model", perturbed, "--target", "x86_64", "--target", "i386", "--sarif", _tree.PathOf("l001.sarif"));
        Assert.Equal(1, run.ExitCode);
        var findings = run.Findings("UAPI-L001").ToList();
        foreach (var target in new[] { LinuxTargets.X86_64.Triple, LinuxTargets.I386.Triple })
        {
            Assert.Contains(findings, l => l.Contains($"drm_xe_gem_create: sizeof is {size + 8} in the model but {size} by the compiler [{target}]", StringComparison.Ordinal));
            Assert.Contains(findings, l => l.Contains($"drm_xe_gem_create.size: offsetof is {offset + 4} in the model but {offset} by the compiler [{target}]", StringComparison.Ordinal));
        }
        Assert.All(findings, l => Assert.StartsWith("drm/xe_drm.h:", l));
        Assert.Contains("\"ruleId\": \"UAPI-L001\"", File.ReadAllText(_tree.PathOf("l001.sarif")));
    }
}
