namespace AccelInterop.Runtime.Abi;

// ABI facts the generator puts on generated symbols (methods: the span accessors of flexible array
// members), from the reviewed annotation files (docs/annotations.md). The analyzers read only
// these attributes, so they stay free of any uAPI-specific knowledge.

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
public sealed class UserPointerAttribute : Attribute
{
    /// <summary>The C record or type the address points to (<c>drm_xe_sync</c>; <c>bytes</c> for a raw buffer), or null.</summary>
    public string? PointsTo { get; init; }

    /// <summary>The member of the same record that holds the element count, or null.</summary>
    public string? CountMember { get; init; }
}

/// <summary>
/// The member names an object in the open file's table, of a kind named per driver (<c>gem</c>,
/// <c>syncobj</c>, <c>xe.exec_queue</c>, <c>amdxdna.hwctx</c>): valid only on the file that made it.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Method, Inherited = false)]
public sealed class HandleAttribute(string kind) : Attribute
{
    public string Kind { get; } = kind;
}

/// <summary>The member carries a file descriptor of the named kind (<c>dmabuf</c>, <c>sync_file</c>): valid process-wide.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Method, Inherited = false)]
public sealed class FileDescriptorAttribute(string kind) : Attribute
{
    public string Kind { get; } = kind;
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
