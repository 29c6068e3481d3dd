using System.Reflection;
using System.Runtime.Loader;
using AccelInterop.Runtime.Ioctl;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AccelInterop.Testing;

/// <summary>Compiles generated C# in-process with Roslyn as a consuming project would: nullable on, warnings as errors.</summary>
public static class GeneratedCompiler
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return tpa.Where(p => Path.GetFileName(p) is var f && (f.StartsWith("System.", StringComparison.Ordinal)
                    || f is "System.dll" or "netstandard.dll" or "mscorlib.dll" or "Microsoft.Win32.Primitives.dll"))
            .Append(typeof(IoctlRequest<>).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    public sealed record Result(IReadOnlyList<Diagnostic> Diagnostics, byte[]? Image)
    {
        public IEnumerable<Diagnostic> Problems => Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning);
    }

    public static Result Compile(string assemblyName, IEnumerable<(string Path, string Text)> sources)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, s.Path)).ToList();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: ReportDiagnostic.Error,
            warningLevel: 9999,
            deterministic: true);
        var compilation = CSharpCompilation.Create(assemblyName, trees, References.Value, options);
        using var image = new MemoryStream();
        var emit = compilation.Emit(image);
        return new Result(emit.Diagnostics, emit.Success ? image.ToArray() : null);
    }

    /// <summary>Loads a compiled image in its own collectible context (the runtime assembly is shared with the tests).</summary>
    public static Assembly Load(byte[] image) =>
        new AssemblyLoadContext("generated-" + Guid.NewGuid().ToString("N"), isCollectible: true).LoadFromStream(new MemoryStream(image));

    public static string Describe(IEnumerable<Diagnostic> diagnostics, int max = 20) =>
        string.Join("\n", diagnostics.Take(max).Select(d => d.ToString()));
}
