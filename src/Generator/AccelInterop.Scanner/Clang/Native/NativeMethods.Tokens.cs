using System.Runtime.InteropServices;

namespace AccelInterop.Scanner.Clang.Native;

// Lexing a source range (Index.h). The token array must go back through clang_disposeTokens.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    public static partial void clang_tokenize(nint translationUnit, CXSourceRange range, CXToken** tokens, uint* numTokens);

    [LibraryImport(LibraryName)]
    public static partial TokenKind clang_getTokenKind(CXToken token);

    [LibraryImport(LibraryName)]
    public static partial CXString clang_getTokenSpelling(nint translationUnit, CXToken token);

    [LibraryImport(LibraryName)]
    public static partial void clang_disposeTokens(nint translationUnit, CXToken* tokens, uint numTokens);
}
