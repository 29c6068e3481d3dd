using System.Collections.Generic;
using System.Numerics;

namespace AccelInterop.Emitter.Plan;

/// <summary>A constant: one value on every architecture (a <c>const</c>), or a value per architecture.</summary>
public sealed class ConstantPlan
{
    public ConstantPlan(string name, string type, string doc)
    {
        Name = name;
        Type = type;
        Doc = doc;
    }

    public string Name { get; }
    public string Type { get; }
    public string Doc { get; }

    /// <summary>What selects it (<see cref="EmitDeclaration"/>); set by the planner.</summary>
    public EmitDeclaration Declaration { get; set; } = null!;

    /// <summary>The value when it is the same everywhere and fits <see cref="Type"/>; else null.</summary>
    public BigInteger? Value { get; set; }

    /// <summary>The value per architecture (IoctlArchitecture.Order; null: none) when there is no single one.</summary>
    public IReadOnlyList<BigInteger?> PerArchitecture { get; set; } = new BigInteger?[0];
}
