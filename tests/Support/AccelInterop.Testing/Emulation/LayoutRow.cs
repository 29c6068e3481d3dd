namespace AccelInterop.Testing.Emulation;

/// <summary>
/// One row of a generated layout self-check as measured on some architecture: the record's size
/// (<c>record</c>), a member's byte offset (<c>record.member</c>) or a bitfield's first bit and width
/// (<c>record.member:bit</c>, <c>:width</c>), with the value .NET gave and the one the C compiler gives.
/// </summary>
public sealed record LayoutRow(string LayoutClass, string Symbol, long Compiled, long Expected)
{
    /// <summary>The table's marker for "this target does not have the record".</summary>
    public const long NoSuchTarget = -1;

    /// <summary>The table's marker for "the bindings do not reproduce this record on this target".</summary>
    public const long NotBoundExactly = -2;

    public bool IsChecked => Expected >= 0;
    public bool IsMismatch => IsChecked && Compiled != Expected;
    public bool IsSize => !Symbol.Contains('.');

    public string Record => Symbol.Split('.', 2)[0];

    /// <summary>The member path (with a <c>:bit</c>/<c>:width</c> suffix for bitfields), or null for the size row.</summary>
    public string? Member => Symbol.Split('.', 2) is [_, var member] ? member : null;

    /// <summary>What is compared: size, offset, first bit or bit width.</summary>
    public string Quantity => Member switch
    {
        null => "size",
        var m when m.EndsWith(":bit", StringComparison.Ordinal) => "first bit",
        var m when m.EndsWith(":width", StringComparison.Ordinal) => "bit width",
        _ => "offset",
    };

    public override string ToString() => Member == null
        ? $"record {Record}: size {Compiled} in .NET, {Expected} by the C compiler"
        : $"record {Record}, member {Member.Split(':')[0]}: {Quantity} {Compiled} in .NET, {Expected} by the C compiler";
}
