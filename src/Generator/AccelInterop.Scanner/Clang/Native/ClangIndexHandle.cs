using System.Runtime.InteropServices;

namespace AccelInterop.Scanner.Clang.Native;

/// <summary>
/// Owns a CXIndex. A SafeHandle because translation units must die before their index:
/// each <see cref="TranslationUnitHandle"/> holds a reference (DangerousAddRef) on this handle,
/// so clang_disposeIndex runs only after the last unit is disposed, whatever the user's order.
/// </summary>
internal sealed class ClangIndexHandle : SafeHandle
{
    public ClangIndexHandle(nint index)
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
        SetHandle(index);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        NativeMethods.clang_disposeIndex(handle);
        return true;
    }
}
