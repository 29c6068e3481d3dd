using System.Collections.Generic;

namespace AccelInterop.Emitter.Plan;

/// <summary>One C record as a C# struct: its layout facts and members.</summary>
public sealed class StructPlan
{
    public StructPlan(string name) => Name = name;

    public string Name { get; }

    /// <summary>What selects it (<see cref="EmitDeclaration"/>); set by the planner.</summary>
    public EmitDeclaration Declaration { get; set; } = null!;
    public List<string> Doc { get; } = new List<string>();

    /// <summary><c>LayoutKind.Explicit</c> (one layout on every target, or a union) or <c>Sequential</c>.</summary>
    public bool IsExplicit { get; set; }

    /// <summary>The exact size (explicit layouts of records with one size everywhere); null otherwise.</summary>
    public long? Size { get; set; }

    /// <summary>The <c>Pack</c> value, or null for none.</summary>
    public long? Pack { get; set; }

    public List<MemberPlan> Members { get; } = new List<MemberPlan>();
}
