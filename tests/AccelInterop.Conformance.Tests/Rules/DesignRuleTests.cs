using AccelInterop.Conformance.Tests.Support;
using AccelInterop.Model.Targets;
using Xunit.Abstractions;

namespace AccelInterop.Conformance.Tests.Rules;

/// <summary>
/// accelgen check on a header written to break each design rule once, on all eight targets with the
/// layout oracle on. The expectations are the kernel guidance's own statements (a hole is a hole,
/// _IOW does not copy back); the hole and padding sizes are the compiler's.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class DesignRuleTests(ITestOutputHelper output, RuleHeaderRun fixture) : IClassFixture<RuleHeaderRun>
{
    private readonly AccelgenRun _run = fixture.Run;

    [Fact]
    public void Findings_exit_1_and_the_layouts_are_the_compilers()
    {
        output.WriteLine(_run.ToString());
        Assert.Equal(1, _run.ExitCode);
        Assert.Empty(_run.Findings("UAPI-L001"));
        Assert.All(_run.StdoutLines, l => Assert.Matches(@"^rt/rt_uapi\.h:\d+: UAPI-[LR]\d{3} (error|warning|note): .+ \[.+\]$", l));
    }

    [Theory]
    [InlineData("UAPI-R001", "struct rt_hole ")]
    [InlineData("UAPI-R002", "struct rt_tail ")]
    [InlineData("UAPI-R003", "struct rt_hole ")]
    [InlineData("UAPI-R003", "struct rt_tail ")]
    [InlineData("UAPI-R003", "struct rt_long ")]
    [InlineData("UAPI-R004", "struct rt_long.len ")]
    [InlineData("UAPI-R004", "struct rt_long.ptr ")]
    [InlineData("UAPI-R005", "struct rt_bits ")]
    [InlineData("UAPI-R006", "struct rt_enum.kind ")]
    [InlineData("UAPI-R007", "struct rt_hole ")]
    [InlineData("UAPI-R007", "struct rt_tail ")]
    [InlineData("UAPI-R008", "RT_IOCTL_SIZEOF ")]
    [InlineData("UAPI-R008", "RT_IOCTL_LEN ")]
    [InlineData("UAPI-R009", "RT_ALL_ONES ")]
    [InlineData("UAPI-R010", "RT_IOCTL_OUT ")]
    [InlineData("UAPI-R011", "RT_IOCTL_GET ")]
    [InlineData("UAPI-R012", "RT_IOCTL_BIG ")]
    public void Each_rule_fires_on_the_symbol_that_breaks_it(string rule, string symbol) =>
        Assert.Contains(_run.Findings(rule), l => l.Contains(symbol, StringComparison.Ordinal));

    [Fact]
    public void Followed_rules_are_quiet()
    {
        Assert.DoesNotContain(_run.StdoutLines, l => l.Contains("rt_clean ", StringComparison.Ordinal) && !l.Contains("UAPI-R011"));
        Assert.DoesNotContain(_run.StdoutLines, l => l.Contains("RT_FLAG_BIG", StringComparison.Ordinal));
        Assert.DoesNotContain(_run.StdoutLines, l => l.Contains("RT_IOCTL_CLEAN", StringComparison.Ordinal));
        Assert.DoesNotContain(_run.StdoutLines, l => l.Contains("RT_IOCTL_SET", StringComparison.Ordinal) && l.Contains("UAPI-R010"));
        Assert.DoesNotContain(_run.StdoutLines, l => l.Contains("rt_long.fixed", StringComparison.Ordinal));
    }

    [Fact]
    public void Hole_and_tail_sizes_are_what_the_compiler_leaves()
    {
        var x64 = new CompilerTruth(LinuxTargets.X86_64.Triple, fixture.Tree.Root, RuleHeader.Path).Evaluate(new Dictionary<string, string>
        {
            ["hole"] = "__builtin_offsetof(struct rt_hole, b) - sizeof(__u32)",
            ["tail"] = "sizeof(struct rt_tail) - __builtin_offsetof(struct rt_tail, b) - sizeof(__u32)",
        });
        Assert.Contains(_run.Findings("UAPI-R001"), l => l.Contains($"hole of {x64["hole"]} bytes between a and b", StringComparison.Ordinal));
        Assert.Contains(_run.Findings("UAPI-R002"), l => l.Contains($"has {x64["tail"]} bytes of implicit tail padding after b", StringComparison.Ordinal));
    }

    [Fact]
    public void The_i386_findings_name_i386_only()
    {
        Assert.Contains(_run.Findings("UAPI-R007"), l => l.Contains("struct rt_hole ") && l.EndsWith($"[{LinuxTargets.I386.Triple}]", StringComparison.Ordinal));
        Assert.Contains(_run.Findings("UAPI-R001"), l => l.Contains("struct rt_hole ") && !l.Contains("i386"));
    }

    [Fact]
    public void A_header_that_follows_the_rules_exits_0()
    {
        using var tree = new ScratchTree();
        tree.Write("rt/rt_clean.h", RuleHeader.CleanText);
        var run = AccelgenRun.Of("check", "-I", tree.Root, "rt/rt_clean.h", "--target", "all");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.StdoutLines);
    }
}

/// <summary>One check of the rule header for all eight targets (layout oracle included), shared by the tests.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class RuleHeaderRun : IDisposable
{
    public RuleHeaderRun()
    {
        Tree.Write(RuleHeader.Path, RuleHeader.Text);
        Run = AccelgenRun.Of("check", "-I", Tree.Root, RuleHeader.Path, "--target", "all");
    }

    internal ScratchTree Tree { get; } = new();
    internal AccelgenRun Run { get; }

    public void Dispose() => Tree.Dispose();
}
