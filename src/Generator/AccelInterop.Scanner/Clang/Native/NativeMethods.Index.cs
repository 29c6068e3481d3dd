using System.Runtime.InteropServices;

namespace AccelInterop.Scanner.Clang.Native;

// Index and translation-unit lifetime (Index.h).
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    public static partial nint clang_createIndex(int excludeDeclarationsFromPCH, int displayDiagnostics);

    [LibraryImport(LibraryName)]
    public static partial void clang_disposeIndex(nint index);

    [LibraryImport(LibraryName)]
    public static partial CXErrorCode clang_parseTranslationUnit2(
        nint index,
        byte* sourceFilename,
        byte** commandLineArgs,
        int numCommandLineArgs,
        CXUnsavedFile* unsavedFiles,
        uint numUnsavedFiles,
        uint options,
        nint* outTranslationUnit);

    [LibraryImport(LibraryName)]
    public static partial void clang_disposeTranslationUnit(nint translationUnit);

    [LibraryImport(LibraryName)]
    public static partial CXCursor clang_getTranslationUnitCursor(nint translationUnit);

    [LibraryImport(LibraryName)]
    public static partial CXString clang_getClangVersion();
}
