using AccelInterop.Conformance.Layout;
using AccelInterop.Model.Targets;

namespace AccelInterop.EndToEnd.Tests;

/// <summary>
/// The target table keeps each architecture's ioctl layout for the runtime, which has no model. Here it
/// meets what the compilers say: the scanner's target facts (libclang, per target) must equal the table,
/// and the facts themselves are asserted by gcc (host) or clang --target (the others) through the layout oracle.
/// </summary>
public sealed class TargetTableTests
{
    public static TheoryData<string> Triples() => new(LinuxTargets.All.Select(t => t.Triple));

    [Theory]
    [MemberData(nameof(Triples))]
    public void The_tables_ioctl_layout_is_what_the_compiler_evaluates(string triple)
    {
        var model = UapiHeaders.Model("linux/ioctl.h");
        var abi = model.AbiOf(triple);

        Assert.Equal(LinuxTargets.Parse(triple).Ioctl, abi.Ioctl);
        var verified = LayoutOracle.Verify(model, triple, UapiHeaders.Oracle());
        Assert.True(verified.IsClean, string.Join("\n", verified.Findings));
        Assert.Equal(4 + 11, verified.Checked.TargetFacts);
    }
}
