using System.Runtime.InteropServices;

namespace AccelInterop.Scanner.Clang.Native;

// Constant evaluation (Index.h). Every non-null CXEvalResult must be disposed.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    public static partial nint clang_Cursor_Evaluate(CXCursor cursor);

    [LibraryImport(LibraryName)]
    public static partial CXEvalResultKind clang_EvalResult_getKind(nint result);

    [LibraryImport(LibraryName)]
    public static partial uint clang_EvalResult_isUnsignedInt(nint result);

    [LibraryImport(LibraryName)]
    public static partial long clang_EvalResult_getAsLongLong(nint result);

    [LibraryImport(LibraryName)]
    public static partial ulong clang_EvalResult_getAsUnsigned(nint result);

    [LibraryImport(LibraryName)]
    public static partial double clang_EvalResult_getAsDouble(nint result);

    /// <summary>Returns a pointer owned by the result: copy before disposing the result.</summary>
    [LibraryImport(LibraryName)]
    public static partial byte* clang_EvalResult_getAsStr(nint result);

    [LibraryImport(LibraryName)]
    public static partial void clang_EvalResult_dispose(nint result);
}
