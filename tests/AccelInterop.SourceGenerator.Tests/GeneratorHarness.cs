using System.Collections.Immutable;
using AccelInterop.Runtime.Ioctl;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AccelInterop.SourceGenerator.Tests;

/// <summary>An in-memory AdditionalFile.</summary>
internal sealed class MemoryText(string path, string text) : AdditionalText
{
    public override string Path => path;
    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}

/// <summary>Global analyzer-config options, as MSBuild's CompilerVisibleProperty gives them.</summary>
internal sealed class TestOptionsProvider(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptionsProvider
{
    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }

    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new Dictionary<string, string>());
}

/// <summary>Runs the generator through a raw GeneratorDriver with step tracking, as the compiler would.</summary>
internal static class GeneratorHarness
{
    public const string SelectionPath = "/app/AccelInterop.txt";

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return tpa.Where(p => Path.GetFileName(p) is var f && (f.StartsWith("System.", StringComparison.Ordinal)
                    || f is "System.dll" or "netstandard.dll" or "mscorlib.dll" or "Microsoft.Win32.Primitives.dll"))
            .Append(typeof(IoctlRequest<>).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create("App", sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), $"/app/Source{i}.cs")),
            References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true, generalDiagnosticOption: ReportDiagnostic.Error, warningLevel: 9999));

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> additional, IReadOnlyDictionary<string, string>? options = null) =>
        CSharpGeneratorDriver.Create(
            [new UapiBindingsGenerator().AsSourceGenerator()],
            additional,
            new CSharpParseOptions(LanguageVersion.Latest),
            new TestOptionsProvider(options ?? new Dictionary<string, string>()),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorDriver Selection(string text, params AdditionalText[] more) =>
        Driver([new MemoryText(SelectionPath, text), .. more]);

    /// <summary>Runs once; the generated files by hint name and the generator's diagnostics.</summary>
    public static (GeneratorRunResult Run, Compilation Output) Run(string selection, params AdditionalText[] more)
    {
        var driver = Selection(selection, more).RunGeneratorsAndUpdateCompilation(Compilation("namespace App; public static class Marker { }"), out var output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    public static IReadOnlyDictionary<string, string> Files(GeneratorRunResult run) =>
        run.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    public static ImmutableArray<Diagnostic> Problems(Compilation c) =>
        c.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
}
