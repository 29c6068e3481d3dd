using System.Runtime.InteropServices;

namespace AccelInterop.Scanner.Clang.Native;

/// <summary>
/// Owns a CXTranslationUnit and keeps its index alive until the unit is disposed
/// (see <see cref="ClangIndexHandle"/>).
/// </summary>
internal sealed class TranslationUnitHandle : SafeHandle
{
    private readonly ClangIndexHandle _index;

    /// <summary>Takes over one reference on <paramref name="index"/> that the caller already added.</summary>
    public TranslationUnitHandle(nint translationUnit, ClangIndexHandle index)
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
        _index = index;
        SetHandle(translationUnit);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        NativeMethods.clang_disposeTranslationUnit(handle);
        _index.DangerousRelease();
        return true;
    }
}
