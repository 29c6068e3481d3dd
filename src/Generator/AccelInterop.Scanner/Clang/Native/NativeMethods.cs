using System.Runtime.InteropServices;

namespace AccelInterop.Scanner.Clang.Native;

/// <summary>
/// Raw libclang entry points, one <see cref="LibraryImportAttribute"/> per C function, signatures
/// transcribed from clang-c/*.h of LLVM 19 and restricted to functions that libclang 14 also
/// exports. The library name is resolved by <see cref="LibClang"/>'s DllImport resolver to the
/// located file; call <see cref="LibClang.EnsureLoaded"/> before the first call.
/// C <c>unsigned</c> results that mean a boolean stay <c>uint</c> here; the wrappers convert.
/// Split by area into partial files (NativeMethods.*.cs).
/// </summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>The logical name every import uses; mapped to a real path by the resolver.</summary>
    public const string LibraryName = "libclang";
}
