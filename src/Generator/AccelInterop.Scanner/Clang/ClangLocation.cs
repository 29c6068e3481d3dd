using System.Globalization;
using AccelInterop.Scanner.Clang.Native;

namespace AccelInterop.Scanner.Clang;

/// <summary>
/// A point in a source file, copied out of libclang: file name as clang opened it (the path as
/// given on the command line or built from an -I directory, not canonicalised), 1-based line and
/// column, 0-based byte offset. <see cref="File"/> is null for locations outside any file
/// (builtins, command-line macros).
/// </summary>
public readonly record struct ClangLocation(string? File, int Line, int Column, int Offset)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{File ?? "<no file>"}:{Line}:{Column}");

    /// <summary>
    /// Where a location ends up after macro expansion: for a declaration produced by a macro,
    /// the place the macro was used.
    /// </summary>
    internal static unsafe ClangLocation Expansion(CXSourceLocation location)
    {
        nint file;
        uint line, column, offset;
        NativeMethods.clang_getExpansionLocation(location, &file, &line, &column, &offset);
        return Create(file, line, column, offset);
    }

    /// <summary>Where the characters were written: for a declaration produced by a macro, inside the macro's body.</summary>
    internal static unsafe ClangLocation Spelling(CXSourceLocation location)
    {
        nint file;
        uint line, column, offset;
        NativeMethods.clang_getSpellingLocation(location, &file, &line, &column, &offset);
        return Create(file, line, column, offset);
    }

    private static ClangLocation Create(nint file, uint line, uint column, uint offset)
    {
        string? name = file == 0 ? null : CXStringMarshal.Take(NativeMethods.clang_getFileName(file));
        return new ClangLocation(string.IsNullOrEmpty(name) ? null : name, checked((int)line), checked((int)column), checked((int)offset));
    }
}
