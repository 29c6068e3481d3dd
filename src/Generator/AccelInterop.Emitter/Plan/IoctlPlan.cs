using System.Collections.Generic;
using System.Numerics;

namespace AccelInterop.Emitter.Plan;

/// <summary>A part of a request's encoding (type, number, size): one value, or a value per architecture.</summary>
public sealed class RequestPart
{
    public RequestPart(string part, string type, long? value, IReadOnlyList<BigInteger?>? perArchitecture)
    {
        Part = part;
        Type = type;
        Value = value;
        PerArchitecture = perArchitecture;
    }

    /// <summary><c>Type</c>, <c>Number</c> or <c>Size</c>: names the static table when there is one.</summary>
    public string Part { get; }
    public string Type { get; }
    public long? Value { get; }
    public IReadOnlyList<BigInteger?>? PerArchitecture { get; }
}

/// <summary>One typed ioctl request.</summary>
public sealed class IoctlPlan
{
    public IoctlPlan(string name, string doc)
    {
        Name = name;
        Doc = doc;
    }

    public string Name { get; }
    public string Doc { get; }

    /// <summary>What selects it (<see cref="EmitDeclaration"/>); set by the planner.</summary>
    public EmitDeclaration Declaration { get; set; } = null!;

    /// <summary>The argument's C# type; null for a request without one.</summary>
    public string? Argument { get; set; }

    /// <summary>The Runtime's IoctlDirection member: <c>None</c>, <c>Write</c>, <c>Read</c>, <c>ReadWrite</c>.</summary>
    public string Direction { get; set; } = "None";

    public RequestPart TypeByte { get; set; } = new RequestPart("Type", "byte", 0, null);
    public RequestPart Number { get; set; } = new RequestPart("Number", "byte", 0, null);
    public RequestPart Size { get; set; } = new RequestPart("Size", "uint", 0, null);

    /// <summary>The request value per architecture (null: none, or the argument is not bound exactly there).</summary>
    public IReadOnlyList<BigInteger?> PerArchitecture { get; set; } = new BigInteger?[0];
}
