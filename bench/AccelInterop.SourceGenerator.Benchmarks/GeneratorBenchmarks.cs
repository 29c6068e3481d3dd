using System.Collections.Immutable;
using AccelInterop.SourceGenerator;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace AccelInterop.SourceGenerator.Benchmarks;

/// <summary>An in-memory AdditionalFile.</summary>
internal sealed class MemoryText(string path, string text) : AdditionalText
{
    public override string Path => path;
    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}

/// <summary>
/// The generator's cost in one compilation with the embedded uAPIs already read (a warm
/// compiler server): a fresh driver for all six whole uAPIs and for a ten-name selection, and a
/// re-run after an unrelated source edit (what each keystroke in an IDE pays). Ratios against
/// the ten-name run. <see cref="FirstUseBenchmarks"/> has the cold-process cost.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmTen = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = Selections.Compilation();
        _edited = _compilation.ReplaceSyntaxTree(_compilation.SyntaxTrees[0], CSharpSyntaxTree.ParseText("class A { int X = 2; }"));
        // The precompiled uAPIs are read once per compiler process; these rows measure steady state.
        foreach (var uapi in EmbeddedModels.Names)
        {
            _ = EmbeddedModels.Index(uapi);
            _ = EmbeddedModels.Rendered(uapi);
        }

        _warmTen = Driver(Selections.TenNames).RunGenerators(_compilation);
    }

    private static GeneratorDriver Driver(string selection) => CSharpGeneratorDriver.Create(
        [new UapiBindingsGenerator().AsSourceGenerator()],
        ImmutableArray.Create<AdditionalText>(new MemoryText("/app/AccelInterop.txt", selection)));

    [Benchmark(Baseline = true)]
    public int TenNamesCold() => Driver(Selections.TenNames).RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    [Benchmark]
    public int AllUapisCold() => Driver(Selections.AllUapis).RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    [Benchmark]
    public int TenNamesAfterUnrelatedEdit() => _warmTen.RunGenerators(_edited).GetRunResult().GeneratedTrees.Length;
}
