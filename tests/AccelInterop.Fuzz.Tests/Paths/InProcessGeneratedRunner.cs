namespace AccelInterop.Fuzz.Tests.Paths;

/// <summary>Compiles with Roslyn in-process (as a consuming project would) and runs the report on the host.</summary>
public sealed class InProcessGeneratedRunner : IGeneratedCodeRunner
{
    public string Target => LinuxTargets.Current!.Triple;

    public GeneratedRun Run(IReadOnlyList<(string Path, string Text)> sources, string ns)
    {
        var compiled = GeneratedCompiler.Compile("fuzz_" + Guid.NewGuid().ToString("N"), sources);
        if (compiled.Image == null)
        {
            return new GeneratedRun(compiled.Problems.ToList(), null, null);
        }

        var assembly = GeneratedCompiler.Load(compiled.Image);
        try
        {
            var report = (string)assembly.GetType(GeneratedReportSource.TypeName, throwOnError: true)!
                .GetMethod("Run")!.Invoke(null, [ns])!;
            return new GeneratedRun([], report, null);
        }
        catch (System.Reflection.TargetInvocationException e)
        {
            return new GeneratedRun([], null, InProcessAccelgen.Describe(e.InnerException ?? e));
        }
    }
}
