using System.Runtime.InteropServices;

namespace AccelInterop.Scanner.Clang.Native;

// Diagnostics of a translation unit (CXDiagnostic.h). Each CXDiagnostic must be disposed.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    public static partial uint clang_getNumDiagnostics(nint translationUnit);

    [LibraryImport(LibraryName)]
    public static partial nint clang_getDiagnostic(nint translationUnit, uint index);

    [LibraryImport(LibraryName)]
    public static partial DiagnosticSeverity clang_getDiagnosticSeverity(nint diagnostic);

    [LibraryImport(LibraryName)]
    public static partial CXSourceLocation clang_getDiagnosticLocation(nint diagnostic);

    [LibraryImport(LibraryName)]
    public static partial CXString clang_getDiagnosticSpelling(nint diagnostic);

    [LibraryImport(LibraryName)]
    public static partial void clang_disposeDiagnostic(nint diagnostic);
}
