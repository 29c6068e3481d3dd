using AccelInterop.Conformance.Layout;
using AccelInterop.Conformance.Tests.Support;
using Xunit.Abstractions;

namespace AccelInterop.Conformance.Tests.Diff;

/// <summary>
/// <c>accelgen diff</c> against Debian's abidiff on the micro-change suite: every type abidiff
/// reports, diff reports; what abidiff files as harmless, diff classifies compatible; and the
/// request changes abidiff cannot see (macros are not in DWARF), diff catches.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class AbidiffAgreementTests(ITestOutputHelper output) : IDisposable
{
    private readonly ScratchTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [MemberData(nameof(MicroChanges.Names), MemberType = typeof(MicroChanges))]
    public void Diff_reports_every_change_abidiff_reports(string name)
    {
        var change = MicroChanges.Named(name);
        var oldHeader = _tree.Write("old/mc/mc.h", change.Old);
        var newHeader = _tree.Write("new/mc/mc.h", change.New);
        var abi = Abidiff.Compare(_tree, oldHeader, newHeader);
        var run = AccelgenRun.Of("diff", "--json", oldHeader, newHeader, "--target", CompilerLocator.HostTarget);
        output.WriteLine($"abidiff exit {abi.ExitCode}; harmful: {string.Join(", ", abi.Harmful)}; harmless: {string.Join(", ", abi.Harmless)}");
        output.WriteLine(abi.Report);
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode is 0 or 4 or 12, run.ToString());
        var diff = AccelgenDiffJson.Parse(run.Stdout);
        Assert.Equal(run.ExitCode, diff.ExitCode);

        foreach (var type in abi.All)
        {
            Assert.Contains(diff.Changes, c => c.Symbol == type);
        }

        foreach (var type in abi.Harmless)
        {
            Assert.All(diff.Changes.Where(c => c.Symbol == type), c => Assert.True(c.Compatible, $"{type}: {c.Kind} {c.Detail} is harmless to abidiff"));
        }

        if (abi.Harmful.Count > 0)
        {
            Assert.NotEqual(0, run.ExitCode);
        }

        if (abi.Harmful.Count == 0 && abi.Harmless.Count > 0 && diff.Changes.All(c => abi.Harmless.Contains(c.Symbol)))
        {
            Assert.Equal(4, run.ExitCode);
        }

        if (!abi.All.Any())
        {
            Assert.All(diff.Changes, c => Assert.StartsWith("Request", c.Kind));
        }
        // Same verdict as abidiff, except where diff knows better: growth of an extensible struct is compatible.
        if (abi.ExitCode == 12 && !diff.Changes.Any(c => c.Detail.Contains("extensible", StringComparison.Ordinal)))
        {
            Assert.Equal(12, run.ExitCode);
        }

        if (abi.ExitCode == 4)
        {
            Assert.Equal(4, run.ExitCode);
        }
    }

    [Fact]
    public void The_suite_has_the_changes_the_issue_lists()
    {
        string[] required = ["append", "reorder", "sign_change", "shrink", "widen", "array_split", "bitfield_swap", "union_shrink",
            "enum_value_swap", "enumerator_added", "struct_removed", "struct_added", "pad_used", "ioctl_renumbered"];
        Assert.Subset(MicroChanges.All.Select(c => c.Name).ToHashSet(), required.ToHashSet());
        Assert.True(MicroChanges.All.Count >= 14);
    }

    [Fact]
    public void Growth_of_a_drm_extensible_struct_and_its_request_size_is_compatible()
    {
        var change = MicroChanges.Named("drm_extension_growth");
        var oldHeader = _tree.Write("old/mc/mc.h", change.Old);
        var newHeader = _tree.Write("new/mc/mc.h", change.New);
        var run = AccelgenRun.Of("diff", "--json", oldHeader, newHeader, "--target", "all");
        output.WriteLine(run.ToString());
        Assert.Equal(4, run.ExitCode);
        var diff = AccelgenDiffJson.Parse(run.Stdout);
        Assert.All(diff.Changes, c => Assert.True(c.Compatible, c.Detail));
        Assert.Contains(diff.Changes, c => c.Kind == "RequestSizeChanged" && c.Symbol == "MC_IOCTL_DRM");
        Assert.Contains(diff.Changes, c => c.Kind == "MemberAdded" && c.Member == "user_data");
    }

    [Theory]
    [InlineData("ioctl_renumbered", "RequestRenumbered")]
    [InlineData("ioctl_direction", "RequestDirectionChanged")]
    public void Diff_catches_request_changes_abidiff_cannot_see(string name, string kind)
    {
        var change = MicroChanges.Named(name);
        var oldHeader = _tree.Write("old/mc/mc.h", change.Old);
        var newHeader = _tree.Write("new/mc/mc.h", change.New);
        var abi = Abidiff.Compare(_tree, oldHeader, newHeader);
        Assert.Equal(0, abi.ExitCode);
        Assert.Empty(abi.All);

        var run = AccelgenRun.Of("diff", "--json", oldHeader, newHeader, "--target", "all");
        var diff = AccelgenDiffJson.Parse(run.Stdout);
        Assert.Equal(12, run.ExitCode);
        var c = Assert.Single(diff.Changes);
        Assert.Equal(kind, c.Kind);
        Assert.False(c.Compatible);
    }
}
