using System.Numerics;
using AccelInterop.Model;

namespace AccelInterop.Scanner.Scanning;

/// <summary>
/// Everything one parse for one target found, before targets are merged. Plain data, so
/// the merge can be tested without libclang.
/// </summary>
public sealed class TargetSnapshot(string target)
{
    public string Target { get; } = target;
    public Dictionary<string, RecordSnapshot> Records { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, TypedefSnapshot> Typedefs { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, EnumSnapshot> Enums { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ConstantSnapshot> Constants { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, IoctlSnapshot> Ioctls { get; } = new(StringComparer.Ordinal);
    public List<ModelDiagnostic> Diagnostics { get; } = [];

    /// <summary>What the compiler evaluated about the target (sizes, byte order, ioctl layout).</summary>
    public TargetAbi Abi { get; set; } = null!;

    /// <summary>Whether the headers left <c>_IOC</c> undefined, so the scan included the caller's <c>linux/ioctl.h</c>.</summary>
    public bool IncludedCallerIoctl { get; set; }
}

public sealed record RecordSnapshot(
    string Id, RecordKind Kind, string? Tag, string? TypedefName, string? Parent, SourceLocation Location,
    long Size, long Align, bool IsPacked, IReadOnlyList<FieldSnapshot> Fields);

/// <summary>A member; offsets in bits from the start of the immediately enclosing record, as the compiler lays it out.</summary>
public sealed record FieldSnapshot(string? Name, TypeRef Type, int Line, long OffsetBits, long Size, int? BitWidth);

public sealed record TypedefSnapshot(string Name, SourceLocation Location, TypeRef Underlying);

public sealed record EnumSnapshot(
    string Id, string? Tag, string? TypedefName, SourceLocation Location, string IntegerType,
    IReadOnlyList<EnumeratorSnapshot> Enumerators);

public sealed record EnumeratorSnapshot(string Name, BigInteger Value, int Line);

public sealed record ConstantSnapshot(string Name, SourceLocation Location, string CType, BigInteger Value);

public sealed record IoctlSnapshot(
    string Name, SourceLocation Location, IoctlDirection Direction, long Type, long Number, long Size,
    BigInteger Request, TypeRef? Argument);
