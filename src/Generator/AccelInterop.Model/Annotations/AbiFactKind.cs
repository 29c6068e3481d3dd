namespace AccelInterop.Model.Annotations;

/// <summary>What a reviewed annotation says one member is (docs/annotations.md).</summary>
public enum AbiFactKind
{
    /// <summary>A user-space address the kernel dereferences (<c>u64_to_user_ptr</c>).</summary>
    Pointer,

    /// <summary>An id of an object in the open file's table (GEM handle, syncobj, VM, queue, context).</summary>
    Handle,

    /// <summary>A file descriptor: process-wide, unlike a handle.</summary>
    FileDescriptor,

    /// <summary>Must be zero when passed in (pad, reserved, MBZ): the kernel rejects anything else.</summary>
    Zero,

    /// <summary>Takes a combination of one family of single-bit constants.</summary>
    Flags,

    /// <summary>Plain data: a number the kernel never dereferences, even when it is pointer-sized.</summary>
    Plain,

    /// <summary>The caller's size of the whole argument (VFIO <c>argsz</c>).</summary>
    Argsz,

    /// <summary>The caller's size of the argument, <c>copy_struct_from_user</c> style.</summary>
    Size,

    /// <summary>A user pointer to the first of a chain of extension records.</summary>
    Extensions,
}
