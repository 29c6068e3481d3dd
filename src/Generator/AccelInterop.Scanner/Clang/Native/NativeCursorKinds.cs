namespace AccelInterop.Scanner.Clang.Native;

/// <summary>
/// Maps libclang's raw cursor kind to <see cref="CursorKind"/>. The only value that moved
/// between libclang 14 and 19 is CXCursor_TranslationUnit: 300 before LLVM 15, 350 from 15 on
/// (300 became an OpenMP directive). Everything else is passed through unchanged.
/// </summary>
internal static class NativeCursorKinds
{
    /// <summary>CXCursor_TranslationUnit in libclang 14.</summary>
    private const CursorKind LegacyTranslationUnit = (CursorKind)300;

    /// <summary>The first LLVM major version with CXCursor_TranslationUnit = 350.</summary>
    private const int TranslationUnitMovedIn = 15;

    public static CursorKind ToManaged(CursorKind raw, int libclangMajorVersion) =>
        raw == LegacyTranslationUnit && libclangMajorVersion < TranslationUnitMovedIn ? CursorKind.TranslationUnit : raw;
}
