using System.Runtime.InteropServices;

namespace AccelInterop.Scanner.Clang.Native;

// Cursor queries (Index.h). All take CXCursor by value.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    public static partial uint clang_visitChildren(
        CXCursor parent,
        delegate* unmanaged[Cdecl]<CXCursor, CXCursor, nint, CXChildVisitResult> visitor,
        nint clientData);

    [LibraryImport(LibraryName)]
    public static partial CursorKind clang_getCursorKind(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial CXString clang_getCursorKindSpelling(CursorKind kind);

    [LibraryImport(LibraryName)]
    public static partial int clang_Cursor_isNull(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial uint clang_isInvalid(CursorKind kind);

    [LibraryImport(LibraryName)]
    public static partial uint clang_equalCursors(CXCursor a, CXCursor b);

    [LibraryImport(LibraryName)]
    public static partial uint clang_hashCursor(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial CXString clang_getCursorSpelling(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial CXString clang_getCursorDisplayName(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial CXString clang_getCursorUSR(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial CXType clang_getCursorType(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial CXSourceLocation clang_getCursorLocation(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial CXSourceRange clang_getCursorExtent(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial CXCursor clang_getCursorSemanticParent(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial CXCursor clang_getCanonicalCursor(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial uint clang_isCursorDefinition(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial uint clang_Cursor_isAnonymous(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial uint clang_Cursor_isAnonymousRecordDecl(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial uint clang_Cursor_isBitField(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial int clang_getFieldDeclBitWidth(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial long clang_Cursor_getOffsetOfField(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial CXType clang_getEnumDeclIntegerType(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial long clang_getEnumConstantDeclValue(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial ulong clang_getEnumConstantDeclUnsignedValue(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial CXType clang_getTypedefDeclUnderlyingType(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial uint clang_Cursor_isMacroFunctionLike(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial uint clang_Cursor_isMacroBuiltin(CXCursor cursor);
}
