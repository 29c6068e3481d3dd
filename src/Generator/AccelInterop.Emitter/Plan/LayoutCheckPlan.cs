using System.Collections.Generic;

namespace AccelInterop.Emitter.Plan;

/// <summary>
/// One record's layout self-check. Expected values per architecture (IoctlArchitecture.Order; -1: no
/// such target, -2: not bound exactly there) come from the model's facts, never from the plan.
/// </summary>
public sealed class LayoutCheckPlan
{
    public LayoutCheckPlan(string record, string type)
    {
        Record = record;
        Type = type;
    }

    /// <summary>The C record id the rows report.</summary>
    public string Record { get; }
    public string Type { get; }

    /// <summary>What selects it (<see cref="EmitDeclaration"/>); set by the planner.</summary>
    public EmitDeclaration Declaration { get; set; } = null!;
    public IReadOnlyList<long> Size { get; set; } = new long[0];
    public List<OffsetCheck> Offsets { get; } = new List<OffsetCheck>();
    public List<BitfieldCheck> Bitfields { get; } = new List<BitfieldCheck>();
}

/// <summary>A member's offset row: the C# member it measures and the C name the row reports.</summary>
public sealed class OffsetCheck
{
    public OffsetCheck(string member, string symbol, IReadOnlyList<long> expected)
    {
        Member = member;
        Symbol = symbol;
        Expected = expected;
    }

    public string Member { get; }
    public string Symbol { get; }
    public IReadOnlyList<long> Expected { get; }
}

/// <summary>A bitfield's rows: set it to all ones, find its first bit and width.</summary>
public sealed class BitfieldCheck
{
    public BitfieldCheck(string member, string symbol, string type, IReadOnlyList<long> bit, IReadOnlyList<long> width)
    {
        Member = member;
        Symbol = symbol;
        Type = type;
        Bit = bit;
        Width = width;
    }

    public string Member { get; }
    public string Symbol { get; }
    public string Type { get; }
    public IReadOnlyList<long> Bit { get; }
    public IReadOnlyList<long> Width { get; }
}
