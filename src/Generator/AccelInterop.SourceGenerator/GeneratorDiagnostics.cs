using Microsoft.CodeAnalysis;

namespace AccelInterop.SourceGenerator;

/// <summary>The generator's own diagnostics (UAPI1xxx; the analyzers use UAPI0xxx).</summary>
internal static class GeneratorDiagnostics
{
    private const string Category = "AccelInterop.Generator";

    public static readonly DiagnosticDescriptor UnknownName = new DiagnosticDescriptor("UAPI1001",
        "Selection names an unknown symbol", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A line of AccelInterop.txt names no struct, union, enum, constant, ioctl or uAPI of the models.");

    public static readonly DiagnosticDescriptor BadModel = new DiagnosticDescriptor("UAPI1002",
        "A uAPI model cannot be read", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A *.uapi.json AdditionalFile is not a model accelgen scan writes.");

    public static readonly DiagnosticDescriptor UnsupportedOption = new DiagnosticDescriptor("UAPI1003",
        "Generator option not supported", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "An AccelInterop MSBuild option has a value the generator does not support yet.");

    public static readonly DiagnosticDescriptor SeveralSelections = new DiagnosticDescriptor("UAPI1004",
        "More than one selection file", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Only one AccelInterop.txt may be given as AdditionalFiles.");

    public static DiagnosticDescriptor For(string id) => id switch
    {
        "UAPI1001" => UnknownName,
        "UAPI1002" => BadModel,
        "UAPI1003" => UnsupportedOption,
        _ => SeveralSelections,
    };
}
