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
/// The generator's cost in one compilation: a fresh driver (what a full build pays) for the
/// five whole uAPIs and for a ten-name selection, and a re-run after an unrelated source edit
/// (what each keystroke in an IDE pays). Ratios against the ten-name cold run.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const string FiveUapis = "drm\namdxdna\nqda\nxe\nvfio\n";

    private const string TenNames = """
        drm_xe_gem_create
        DRM_IOCTL_XE_GEM_CREATE
        drm_xe_vm_create
        DRM_IOCTL_XE_VM_CREATE
        drm_xe_exec
        DRM_IOCTL_XE_EXEC
        DRM_IOCTL_GEM_CLOSE
        DRM_IOCTL_SYNCOBJ_CREATE
        amdxdna_drm_create_bo
        VFIO_DEVICE_GET_INFO
        """;

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmTen = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = CSharpCompilation.Create("App", [CSharpSyntaxTree.ParseText("class A { int X = 1; }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)], new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _edited = _compilation.ReplaceSyntaxTree(_compilation.SyntaxTrees[0], CSharpSyntaxTree.ParseText("class A { int X = 2; }"));
        // Embedded models are parsed once per compiler process; the benchmarks measure steady state.
        _ = EmbeddedModels.Models;
        _warmTen = Driver(TenNames).RunGenerators(_compilation);
    }

    private static GeneratorDriver Driver(string selection) => CSharpGeneratorDriver.Create(
        [new UapiBindingsGenerator().AsSourceGenerator()],
        ImmutableArray.Create<AdditionalText>(new MemoryText("/app/AccelInterop.txt", selection)));

    [Benchmark(Baseline = true)]
    public int TenNamesCold() => Driver(TenNames).RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    [Benchmark]
    public int FiveUapisCold() => Driver(FiveUapis).RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    [Benchmark]
    public int TenNamesAfterUnrelatedEdit() => _warmTen.RunGenerators(_edited).GetRunResult().GeneratedTrees.Length;
}
