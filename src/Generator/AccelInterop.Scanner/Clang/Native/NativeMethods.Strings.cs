using System.Runtime.InteropServices;

namespace AccelInterop.Scanner.Clang.Native;

// CXString access (CXString.h). Use CXStringMarshal.Take rather than these directly.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    public static partial byte* clang_getCString(CXString value);

    [LibraryImport(LibraryName)]
    public static partial void clang_disposeString(CXString value);
}
