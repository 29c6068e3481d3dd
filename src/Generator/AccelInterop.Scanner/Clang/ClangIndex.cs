using AccelInterop.Scanner.Clang.Native;

namespace AccelInterop.Scanner.Clang;

/// <summary>
/// A libclang index (CXIndex): the context translation units are parsed in. An index is not
/// thread-safe; to parse in parallel, give each thread its own index. Disposing is idempotent;
/// units parsed in it stay valid until they are disposed themselves.
/// </summary>
public sealed class ClangIndex : IDisposable
{
    /// <summary>Creates an index (no PCH exclusion, diagnostics not printed to stderr).</summary>
    /// <exception cref="LibClangNotFoundException">No usable libclang.</exception>
    public ClangIndex()
    {
        Installation = LibClang.EnsureLoaded();
        nint index = NativeMethods.clang_createIndex(excludeDeclarationsFromPCH: 0, displayDiagnostics: 0);
        if (index == 0)
        {
            throw new InvalidOperationException("clang_createIndex returned no index");
        }

        Handle = new ClangIndexHandle(index);
    }

    /// <summary>The libclang this index runs on; pass its ResourceDir as -resource-dir when parsing.</summary>
    public LibClangInstallation Installation { get; }

    internal ClangIndexHandle Handle { get; }

    public void Dispose() => Handle.Dispose();
}
