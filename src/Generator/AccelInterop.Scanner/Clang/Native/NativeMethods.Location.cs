using System.Runtime.InteropServices;

namespace AccelInterop.Scanner.Clang.Native;

// Source locations, ranges and files (CXSourceLocation.h, CXFile.h).
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    public static partial void clang_getExpansionLocation(CXSourceLocation location, nint* file, uint* line, uint* column, uint* offset);

    [LibraryImport(LibraryName)]
    public static partial void clang_getSpellingLocation(CXSourceLocation location, nint* file, uint* line, uint* column, uint* offset);

    [LibraryImport(LibraryName)]
    public static partial CXString clang_getFileName(nint file);

    [LibraryImport(LibraryName)]
    public static partial int clang_Location_isInSystemHeader(CXSourceLocation location);

    [LibraryImport(LibraryName)]
    public static partial int clang_Location_isFromMainFile(CXSourceLocation location);

    [LibraryImport(LibraryName)]
    public static partial CXSourceLocation clang_getRangeStart(CXSourceRange range);

    [LibraryImport(LibraryName)]
    public static partial CXSourceLocation clang_getRangeEnd(CXSourceRange range);
}
