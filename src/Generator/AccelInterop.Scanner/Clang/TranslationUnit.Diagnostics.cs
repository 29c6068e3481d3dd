using AccelInterop.Scanner.Clang.Native;

namespace AccelInterop.Scanner.Clang;

// Copies every CXDiagnostic into a managed record, disposing each one.
public sealed partial class TranslationUnit
{
    private static List<ClangDiagnostic> ReadDiagnostics(nint unit)
    {
        uint count = NativeMethods.clang_getNumDiagnostics(unit);
        var diagnostics = new List<ClangDiagnostic>((int)count);
        for (uint i = 0; i < count; i++)
        {
            nint diagnostic = NativeMethods.clang_getDiagnostic(unit, i);
            if (diagnostic == 0)
            {
                continue;
            }

            try
            {
                ClangLocation location = ClangLocation.Expansion(NativeMethods.clang_getDiagnosticLocation(diagnostic));
                diagnostics.Add(new ClangDiagnostic(
                    NativeMethods.clang_getDiagnosticSeverity(diagnostic),
                    CXStringMarshal.Take(NativeMethods.clang_getDiagnosticSpelling(diagnostic)),
                    location.File,
                    location.Line,
                    location.Column));
            }
            finally
            {
                NativeMethods.clang_disposeDiagnostic(diagnostic);
            }
        }

        return diagnostics;
    }
}
