using AccelInterop.Conformance.Layout;
using AccelInterop.Conformance.Tests.Support;
using Xunit.Abstractions;

namespace AccelInterop.Conformance.Tests.Diff;

/// <summary>
/// A real upgrade: Debian bookworm's installed linux/vfio.h (Linux 6.1) to the synced 7.2 one,
/// held against abidiff on objects the host gcc builds from both.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class VfioAbidiffTests(ITestOutputHelper output) : IDisposable
{
    private readonly ScratchTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Diff_of_vfio_61_to_72_reports_every_type_abidiff_reports()
    {
        var oldHeader = _tree.Write("v61/linux/vfio.h", File.ReadAllText("/usr/include/linux/vfio.h"));
        var newHeader = Path.Combine(UapiHeaders.IncludeRoot, "linux", "vfio.h");
        var abi = Abidiff.Compare(_tree, oldHeader, newHeader);
        var run = AccelgenRun.Of("diff", "--json", oldHeader, "linux/vfio.h", "--target", CompilerLocator.HostTarget);
        output.WriteLine($"abidiff exit {abi.ExitCode}; harmful: {string.Join(", ", abi.Harmful)}; harmless: {string.Join(", ", abi.Harmless)}");
        output.WriteLine(run.ToString());
        var diff = AccelgenDiffJson.Parse(run.Stdout);

        Assert.NotEmpty(abi.Harmful);
        Assert.NotEmpty(abi.Harmless);
        foreach (var type in abi.All)
        {
            Assert.True(diff.Changes.Any(c => c.Symbol == type), $"abidiff reports {type}, accelgen diff does not");
        }

        foreach (var type in abi.Harmless)
        {
            Assert.All(diff.Changes.Where(c => c.Symbol == type), c => Assert.True(c.Compatible, $"{type}: {c.Kind} {c.Detail} is harmless to abidiff"));
        }

        Assert.Equal(12, run.ExitCode);

        // The i386 fix of vfio_iommu_type1_info (explicit pad where x86_64 had tail padding) changes nothing on x86_64.
        Assert.All(diff.Changes.Where(c => c.Symbol == "vfio_iommu_type1_info"), c => Assert.True(c.Compatible, c.Detail));
    }
}
