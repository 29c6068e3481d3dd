using System.Globalization;

namespace AccelInterop.Scanner.Clang;

/// <summary>
/// One diagnostic of a parse, copied out of libclang. <see cref="File"/>, <see cref="Line"/> and
/// <see cref="Column"/> are the expansion location (where the user's file triggered it); File is
/// null and Line 0 for diagnostics without a location (e.g. bad command-line options).
/// </summary>
public sealed record ClangDiagnostic(DiagnosticSeverity Severity, string Message, string? File, int Line, int Column)
{
    /// <summary>The compiler-style one-liner "file:line:column: error: message".</summary>
    public override string ToString()
    {
        string severity = Severity.ToString().ToLowerInvariant();
        return File is null
            ? $"{severity}: {Message}"
            : string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}: {severity}: {Message}");
    }
}
