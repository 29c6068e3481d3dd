using System.Collections.Generic;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.Plan;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Planning;

/// <summary>A member reachable by its C name from a record (directly or through anonymous members).</summary>
internal sealed class Reachable
{
    public Reachable(string name, string csName, string typeName, bool isRef, Dictionary<string, long>? offsets, MemberDescription facts)
    {
        Name = name;
        CsName = csName;
        TypeName = typeName;
        IsRef = isRef;
        Offsets = offsets;
        Facts = facts;
    }

    /// <summary>The C name (a path in <c>accelgen facts</c>).</summary>
    public string Name { get; }

    /// <summary>The C# identifier in the record's type.</summary>
    public string CsName { get; }
    public string TypeName { get; }

    /// <summary>A field or ref property (layout-checkable); false for bitfield properties.</summary>
    public bool IsRef { get; }

    /// <summary>Byte offset from the record start per target; null for bitfields.</summary>
    public Dictionary<string, long>? Offsets { get; }

    /// <summary>Doc and ABI facts, reused by forwarding properties.</summary>
    public MemberDescription Facts { get; }

    /// <summary>For a bitfield: its first bit from the record start per target, in allocation order.</summary>
    public Dictionary<string, long>? BitOffsets { get; set; }
    public int BitWidth { get; set; }
}

/// <summary>How one record is bound: its struct plan, .NET layout per target, and where it is not exact.</summary>
internal sealed class RecordPlan
{
    public RecordPlan(RecordDecl decl, StructPlan @struct)
    {
        Decl = decl;
        Struct = @struct;
    }

    public RecordDecl Decl { get; }
    public StructPlan Struct { get; }
    public Dictionary<string, NetLayout> NetLayouts { get; } = new Dictionary<string, NetLayout>();

    /// <summary>Targets where the C# struct cannot reproduce the C layout (requests taking it are unavailable there).</summary>
    public SortedSet<string> Unsupported { get; } = new SortedSet<string>(System.StringComparer.Ordinal);

    /// <summary>Of <see cref="Unsupported"/>: the targets whose C members are not the ones the C# was planned from.</summary>
    public SortedSet<string> MembersDifferOn { get; } = new SortedSet<string>(System.StringComparer.Ordinal);

    /// <summary>Of <see cref="Unsupported"/>: targets where a planned member's place is not the compiler's (model's).</summary>
    public SortedSet<string> PlanDisagrees { get; } = new SortedSet<string>(System.StringComparer.Ordinal);
    public List<Reachable> Members { get; } = new List<Reachable>();
}
