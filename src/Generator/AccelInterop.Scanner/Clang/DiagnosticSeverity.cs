namespace AccelInterop.Scanner.Clang;

/// <summary>The exact values of <c>enum CXDiagnosticSeverity</c> (clang-c/CXDiagnostic.h).</summary>
public enum DiagnosticSeverity
{
    Ignored = 0,
    Note = 1,
    Warning = 2,
    Error = 3,

    /// <summary>An error after which libclang gave up on the rest of the file (unless <see cref="TranslationUnitOptions.KeepGoing"/>).</summary>
    Fatal = 4,
}
