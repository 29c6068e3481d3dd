using System.Runtime.CompilerServices;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// How one <see cref="IoctlCopyPolicy.Argsz"/> command copies its struct (VFIO): the bytes always
/// copied in (<c>minsz</c>, the end of the last mandatory member), what happens to the caller's
/// bytes past the kernel's struct, and what goes back after success.
/// </summary>
public readonly record struct ArgszRule(int MinimumSize, ArgszTail Tail = ArgszTail.Ignored, ArgszCopyOut CopyOut = ArgszCopyOut.MinimumSize)
{
    /// <summary>A member of a struct, for <see cref="OffsetOfEnd"/>.</summary>
    public delegate ref TField Member<TStruct, TField>(ref TStruct value);

    /// <summary>offsetofend: where <paramref name="member"/> of <typeparamref name="TStruct"/> ends, in bytes.</summary>
    public static int OffsetOfEnd<TStruct, TField>(Member<TStruct, TField> member) where TStruct : unmanaged where TField : unmanaged
    {
        ArgumentNullException.ThrowIfNull(member);
        TStruct value = default;
        ref TField field = ref member(ref value);
        return (int)Unsafe.ByteOffset(ref Unsafe.As<TStruct, byte>(ref value), ref Unsafe.As<TField, byte>(ref field)) + Unsafe.SizeOf<TField>();
    }
}

/// <summary>The caller's bytes past <c>minsz</c>.</summary>
public enum ArgszTail
{
    /// <summary>Not read: the handler sees zeros past <c>minsz</c> (the usual VFIO handler).</summary>
    Ignored,

    /// <summary>
    /// Read with <c>copy_struct_from_user</c> up to the kernel's struct; bytes the kernel does not
    /// know (past its struct, within argsz) must be zero, else -E2BIG.
    /// </summary>
    MustBeZero,
}

/// <summary>What goes back to the caller after success.</summary>
public enum ArgszCopyOut
{
    Nothing,

    /// <summary><c>copy_to_user(arg, &amp;s, minsz)</c>.</summary>
    MinimumSize,

    /// <summary><c>copy_to_user(arg, &amp;s, min(argsz, sizeof(s)))</c>.</summary>
    UpToArgsz,
}
