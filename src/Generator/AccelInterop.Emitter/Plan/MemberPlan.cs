using System.Collections.Generic;

namespace AccelInterop.Emitter.Plan;

/// <summary>What a struct member is; the Types template has one form per kind.</summary>
public enum MemberKind
{
    /// <summary>A C member bound as a field (or the emitter's own private storage and anonymous-member fields).</summary>
    Field,

    /// <summary>A bitfield: a property over its storage unit, through the Runtime's Bitfield helper.</summary>
    Bitfield,

    /// <summary>A flexible array member: a span accessor through the Runtime's FlexibleArray helper.</summary>
    FlexibleArray,

    /// <summary>The static size of a record with a flexible array of some length.</summary>
    SizeOf,

    /// <summary>A member of an anonymous member, reachable from the parent by its C name.</summary>
    Forward,
}

/// <summary>One member of a generated struct: typed facts only; the template spells it.</summary>
public sealed class MemberPlan
{
    public MemberPlan(MemberKind kind, string name, string type)
    {
        Kind = kind;
        Name = name;
        Type = type;
    }

    public MemberKind Kind { get; }

    /// <summary>The C# identifier.</summary>
    public string Name { get; }

    /// <summary>The C# type of the member (for a flexible array or SizeOf: the element type).</summary>
    public string Type { get; }

    public List<string> Doc { get; } = new List<string>();
    public MemberAbi Abi { get; set; } = new MemberAbi();

    /// <summary>Private to the struct: bitfield storage units and fields holding an anonymous member.</summary>
    public bool IsPrivate { get; set; }

    /// <summary>The byte offset of a field in an explicit layout; null in a sequential one.</summary>
    public long? FieldOffset { get; set; }

    /// <summary>Bitfield: the storage unit's field, its C# type and width in bits.</summary>
    public string Storage { get; set; } = "";
    public string StorageType { get; set; } = "";
    public int StorageBits { get; set; }

    /// <summary>Bitfield: first bit in the unit in allocation order, and the number of bits.</summary>
    public long Bit { get; set; }
    public int Width { get; set; }
    public bool Signed { get; set; }

    /// <summary>Flexible array: the byte offset of its first element, the same on every architecture.</summary>
    public long Offset { get; set; }

    /// <summary>Flexible array: the offset per architecture (IoctlArchitecture.Order, -1: none) when it differs; else null.</summary>
    public IReadOnlyList<long>? OffsetTable { get; set; }

    /// <summary>Flexible array: the C symbol (<c>record.member</c>) an architecture without an offset is reported as.</summary>
    public string Symbol { get; set; } = "";

    /// <summary>Forward: the field holding the anonymous member, and the member's name in its type.</summary>
    public string Through { get; set; } = "";
    public string Target { get; set; } = "";

    /// <summary>Forward: a ref property (a field underneath) rather than a get/set pair (a bitfield underneath).</summary>
    public bool IsRef { get; set; }
}
