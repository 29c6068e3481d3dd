namespace AccelInterop.Runtime.Abi;

// ABI facts the generator derives from the uAPI model and puts on generated symbols (methods:
// the span accessors of flexible array members). The
// analyzers read only these attributes, so they stay free of any uAPI-specific knowledge.

/// <summary>The member must be zero when passed to the kernel (pad, reserved, MBZ).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Method, Inherited = false)]
public sealed class MustBeZeroAttribute : Attribute;

/// <summary>The integer member takes a combination of the values of a generated <c>[Flags]</c> enum.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Method, Inherited = false)]
public sealed class FlagFamilyAttribute(Type family) : Attribute
{
    public Type Family { get; } = family;
}

/// <summary>The integer member (usually <c>__u64</c>) carries a user-space address the kernel dereferences.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Method, Inherited = false)]
public sealed class UserPointerAttribute : Attribute;

/// <summary>The member names a kernel object of the given kind (a GEM handle, a syncobj, a file descriptor, ...).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Method, Inherited = false)]
public sealed class HandleAttribute(HandleKind kind) : Attribute
{
    public HandleKind Kind { get; } = kind;
}

/// <summary>The request's argument transfer direction, on generated ioctl request symbols.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class RequestDirectionAttribute(Ioctl.IoctlDirection direction) : Attribute
{
    public Ioctl.IoctlDirection Direction { get; } = direction;
}

/// <summary>The C type the member was declared with, where C# cannot show it (<c>__le32</c>, <c>__be64</c>).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Method, Inherited = false)]
public sealed class CTypeAttribute(string spelling) : Attribute
{
    public string Spelling { get; } = spelling;
}
