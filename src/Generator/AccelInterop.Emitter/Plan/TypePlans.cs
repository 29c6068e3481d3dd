using System.Collections.Generic;
using System.Numerics;

namespace AccelInterop.Emitter.Plan;

/// <summary>A fixed-size C array type: <see cref="Length"/> elements of <see cref="Element"/>.</summary>
public sealed class InlineArrayPlan
{
    public InlineArrayPlan(string name, string element, long length)
    {
        Name = name;
        Element = element;
        Length = length;
    }

    public string Name { get; }
    public string Element { get; }
    public long Length { get; }

    /// <summary>What selects it (<see cref="EmitDeclaration"/>); set by the planner.</summary>
    public EmitDeclaration Declaration { get; set; } = null!;
}

public sealed class EnumMemberPlan
{
    public EnumMemberPlan(string name, BigInteger value, string doc)
    {
        Name = name;
        Value = value;
        Doc = doc;
    }

    public string Name { get; }
    public BigInteger Value { get; }
    public string Doc { get; }
}

/// <summary>A C enum, or a flag family as a <c>[Flags]</c> enum.</summary>
public sealed class EnumPlan
{
    public EnumPlan(string name, string baseType, bool isFlags)
    {
        Name = name;
        Base = baseType;
        IsFlags = isFlags;
    }

    public string Name { get; }
    public string Base { get; }
    public bool IsFlags { get; }

    /// <summary>What selects it (<see cref="EmitDeclaration"/>); set by the planner.</summary>
    public EmitDeclaration Declaration { get; set; } = null!;
    public List<string> Doc { get; } = new List<string>();
    public List<EnumMemberPlan> Members { get; } = new List<EnumMemberPlan>();
}
