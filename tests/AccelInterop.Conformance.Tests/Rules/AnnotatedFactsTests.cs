using AccelInterop.Conformance.Tests.Support;
using AccelInterop.Model.Targets;
using Xunit.Abstractions;

namespace AccelInterop.Conformance.Tests.Rules;

/// <summary>
/// check reads the facts file beside a model (headers/annotations/NAME.facts.json next to headers/models),
/// the same file the emitter binds: R010 does not take an annotated user pointer for an output member.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class AnnotatedFactsTests(ITestOutputHelper output) : IDisposable
{
    private readonly ScratchTree _tree = new();

    private AccelgenRun Check(string model)
    {
        var run = AccelgenRun.Of("check", "--model", model, "--no-layout", "--target", LinuxTargets.X86_64.Triple);
        output.WriteLine(run.ToString());
        return run;
    }

    [Fact]
    public void A_member_annotated_as_a_user_pointer_is_not_an_output()
    {
        _tree.Write(RuleHeader.Path, RuleHeader.Text);
        var model = _tree.PathOf("headers/models/rt_uapi.uapi.json");
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);
        var scan = AccelgenRun.Of("scan", "-I", _tree.Root, "--header", RuleHeader.Path, "--target", LinuxTargets.X86_64.Triple, "--out", model);
        Assert.True(scan.ExitCode == 0, scan.ToString());

        // No facts file: the member named like an output makes R010 fire.
        Assert.Contains(Check(model).Findings("UAPI-R010"), l => l.Contains("RT_IOCTL_OUT ", StringComparison.Ordinal));

        WriteFacts("out_fence");
        Assert.DoesNotContain(Check(model).Findings("UAPI-R010"), l => l.Contains("RT_IOCTL_OUT ", StringComparison.Ordinal));

        WriteFacts("out_fenc");
        var bad = Check(model);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains(bad.ErrorLines, l => l.EndsWith("rt_uapi.facts.json:6: error: unknown member 'rt_out.out_fenc'", StringComparison.Ordinal));
    }

    /// <summary>A facts file naming one rt_out member a user pointer (line 6 of the file).</summary>
    private void WriteFacts(string member) => _tree.Write("headers/annotations/rt_uapi.facts.json", $$"""
        {
          "schema": "accelinterop-abi-facts/1",
          "uapi": "rt_uapi",
          "records": {
            "rt_out": {
              "{{member}}": {"kind": "pointer", "why": "test: the kernel writes through it whatever the direction"}
            }
          }
        }
        """);

    public void Dispose() => _tree.Dispose();
}
