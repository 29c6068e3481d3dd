using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static AccelInterop.SourceGenerator.UapiBindingsGenerator;

namespace AccelInterop.SourceGenerator.Tests;

/// <summary>Incrementality through a raw GeneratorDriver with tracked steps.</summary>
public class CachingTests
{
    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult run, string step) =>
        run.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    [Fact]
    public void An_unrelated_source_edit_yields_no_new_or_modified_outputs()
    {
        var compilation = GeneratorHarness.Compilation("namespace App; public static class A { public static int X = 1; }");
        var driver = GeneratorHarness.Selection("drm_xe_gem_create\nDRM_IOCTL_XE_GEM_CREATE\nDRM_IOCTL_GEM_CLOSE\n").RunGenerators(compilation);
        Assert.Equal(8, driver.GetRunResult().Results.Single().GeneratedSources.Length);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText("namespace App; public static class A { public static int X = 2; public static int Y; }",
                (CSharpParseOptions)compilation.SyntaxTrees.First().Options, compilation.SyntaxTrees.First().FilePath));
        var run = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in new[] { Steps.Plan, Steps.Units })
        {
            Assert.All(Reasons(run, step), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        }

        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void A_selection_edit_regenerates_only_the_uapi_it_changes()
    {
        var compilation = GeneratorHarness.Compilation("class C { }");
        var first = new MemoryText(GeneratorHarness.SelectionPath, "drm_xe_gem_create\nDRM_IOCTL_GEM_CLOSE\n");
        var driver = GeneratorHarness.Driver([first]).RunGenerators(compilation);

        // Adds an xe symbol; the drm unit is untouched.
        var second = new MemoryText(GeneratorHarness.SelectionPath, "drm_xe_gem_create\nDRM_IOCTL_GEM_CLOSE\ndrm_xe_exec\n");
        driver = driver.ReplaceAdditionalText(first, second).RunGenerators(compilation);
        var run = driver.GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Reasons(run, Steps.Plan)));
        // A unit renders in its output step, which runs again only for a unit whose value changed.
        var units = run.TrackedSteps[Steps.Units].Single().Outputs.ToDictionary(o => ((EmitUnit)o.Value).Uapi, o => o.Reason);
        Assert.Equal(2, units.Count);
        Assert.Equal(IncrementalStepRunReason.Unchanged, units["drm"]);
        Assert.Equal(IncrementalStepRunReason.Modified, units["xe"]);
        var outputs = run.TrackedOutputSteps.SelectMany(s => s.Value).Where(s => s.Inputs.Any(i => i.Source.Name == Steps.Units)).ToList();
        Assert.Equal(new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified }.Order(),
            outputs.Select(s => s.Outputs.Single().Reason).Order());
        Assert.Contains("drm_xe_exec", run.GeneratedSources.Single(s => s.HintName == "Xe.Types.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Pipeline_values_hold_no_compilation_objects()
    {
        var driver = GeneratorHarness.Selection("drm_xe_gem_create\n").RunGenerators(GeneratorHarness.Compilation("class C { }"));
        var run = driver.GetRunResult().Results.Single();
        foreach (var step in run.TrackedSteps.Values.SelectMany(s => s))
        {
            foreach (var (value, _) in step.Outputs)
            {
                Assert.False(value is ISymbol or Compilation or SyntaxNode or SyntaxTree, $"{step.Name}: {value.GetType()}");
            }
        }
    }
}
