using AccelInterop.Simulation.Tests.Uapi.Amdxdna;
using AccelInterop.Simulation.Tests.Uapi.Drm;

namespace AccelInterop.Simulation.Tests.Uapi;

/// <summary>
/// The drm and amdxdna bindings the source generator emits at build time (for the simulation and
/// for these tests, from the same committed models) match the models' layouts on this architecture.
/// </summary>
public sealed class GeneratedLayoutTests
{
    [Fact]
    public void Drm_layout_self_check_passes_on_this_architecture() => AssertLayout(DrmLayout.Check());

    [Fact]
    public void Amdxdna_layout_self_check_passes_on_this_architecture() => AssertLayout(AmdxdnaLayout.Check());

    private static void AssertLayout(List<(string Symbol, long Actual, long Expected)> rows)
    {
        Assert.NotEmpty(rows);
        string[] wrong = [.. rows.Where(r => r.Expected >= 0 && r.Actual != r.Expected).Select(r => $"{r.Symbol}: {r.Actual} != {r.Expected}")];
        Assert.Empty(wrong);
    }
}
