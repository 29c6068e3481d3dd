using AccelInterop.Scanner.Clang.Native;

namespace AccelInterop.Scanner.Clang;

/// <summary>
/// A parsed C file (CXTranslationUnit). Cursors, types and ranges obtained from it point into
/// its memory: they must not be used after it is disposed (they throw ObjectDisposedException
/// rather than crash). Not thread-safe; disposing is idempotent.
/// </summary>
public sealed partial class TranslationUnit : IDisposable
{
    private readonly TranslationUnitHandle _handle;

    private TranslationUnit(TranslationUnitHandle handle, string fileName, int libclangMajorVersion)
    {
        _handle = handle;
        FileName = fileName;
        LibClangMajorVersion = libclangMajorVersion;
        Diagnostics = ReadDiagnostics(handle.DangerousGetHandle());
    }

    /// <summary>The main file name as passed to <see cref="Parse"/>.</summary>
    public string FileName { get; }

    /// <summary>All diagnostics of the parse, in libclang's order, read once when parsing.</summary>
    public IReadOnlyList<ClangDiagnostic> Diagnostics { get; }

    /// <summary>True when a diagnostic is an error or fatal error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity >= DiagnosticSeverity.Error);

    /// <summary>The root cursor (kind <see cref="CursorKind.TranslationUnit"/>).</summary>
    public Cursor Cursor => new(NativeMethods.clang_getTranslationUnitCursor(RawHandle), this);

    public bool IsDisposed => _handle.IsClosed;

    /// <summary>The version of the libclang that parsed this unit (raw kind values depend on it).</summary>
    internal int LibClangMajorVersion { get; }

    internal nint RawHandle
    {
        get
        {
            ThrowIfDisposed();
            return _handle.DangerousGetHandle();
        }
    }

    public void Dispose() => _handle.Dispose();

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
}
