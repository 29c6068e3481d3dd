using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AccelInterop.SourceGenerator.Benchmarks;

/// <summary>
/// First use in a fresh compiler process: each operation loads the generator into a new
/// <see cref="GeneratorContext"/> and runs it once, so it pays assembly loading, jitting and reading
/// the precompiled uAPIs, as a cold <c>csc</c> does. Compare with
/// <see cref="GeneratorBenchmarks"/>, where all of that is already done.
/// </summary>
[MemoryDiagnoser]
public class FirstUseBenchmarks
{
    private CSharpCompilation _compilation = null!;

    [GlobalSetup]
    public void Setup() => _compilation = Selections.Compilation();

    private int Run(string selection)
    {
        var context = new GeneratorContext();
        try
        {
            var driver = CSharpGeneratorDriver.Create([context.NewGenerator()],
                ImmutableArray.Create<AdditionalText>(new MemoryText("/app/AccelInterop.txt", selection)));
            return driver.RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;
        }
        finally
        {
            context.Unload();
        }
    }

    [Benchmark(Baseline = true)]
    public int TenNamesFirstUse() => Run(Selections.TenNames);

    [Benchmark]
    public int AllUapisFirstUse() => Run(Selections.AllUapis);
}
