using System.Numerics;

namespace AccelInterop.Testing.CTruth;

/// <summary>What differs between the compiler's facts and another source's for one subject.</summary>
public enum DiffKind
{
    Size,
    Align,
    Offset,
    Bitfield,
    Constant,
    /// <summary>The compiler has a record, member or constant that the other side lacks.</summary>
    Missing,
    /// <summary>The other side has a record, member or constant that the compiler does not have on this target.</summary>
    Extra,
}

/// <summary>
/// One difference. <see cref="Owner"/> is the record key or constant name it belongs to,
/// <see cref="Member"/> the member path inside a record (null for the record itself or a constant).
/// </summary>
public sealed record FactsDifference(DiffKind Kind, string Owner, string? Member, string Expected, string Actual)
{
    /// <summary>The subject is a constant (macro, request or enumerator), not a record.</summary>
    public bool IsConstant { get; init; }

    public string Subject => Member == null ? Owner : $"{Owner}.{Member}";

    public override string ToString() => $"{Kind} {Subject}: compiler {Expected}, got {Actual}";
}

/// <summary>Compares facts key by key: the compiler's (<c>truth</c>) against accelgen's or the other compiler's.</summary>
public static class FactsDiff
{
    /// <param name="ours">Names the probe asked about: an extra record or constant counts only when it is one of them
    /// (facts may also list what the header's includes define).</param>
    public static List<FactsDifference> Compare(TargetFacts truth, TargetFacts actual, Func<string, bool> ours)
    {
        var diffs = new List<FactsDifference>();
        foreach (var (key, t) in truth.Records)
        {
            if (!actual.Records.TryGetValue(key, out var a))
            {
                diffs.Add(new(DiffKind.Missing, key, null, $"size {t.Size}", "no record"));
                continue;
            }
            if (t.Size != a.Size)
            {
                diffs.Add(new(DiffKind.Size, key, null, $"{t.Size}", $"{a.Size}"));
            }

            if (t.Align != a.Align)
            {
                diffs.Add(new(DiffKind.Align, key, null, $"{t.Align}", $"{a.Align}"));
            }

            foreach (var (path, offset) in t.Fields)
            {
                if (!a.Fields.TryGetValue(path, out var got))
                {
                    diffs.Add(new(DiffKind.Missing, key, path, $"offset {offset}", Describe(a, path)));
                }
                else if (got != offset)
                {
                    diffs.Add(new(DiffKind.Offset, key, path, $"{offset}", $"{got}"));
                }
            }
            foreach (var (path, bits) in t.Bitfields)
            {
                if (!a.Bitfields.TryGetValue(path, out var got))
                {
                    diffs.Add(new(DiffKind.Missing, key, path, Bits(bits), Describe(a, path)));
                }
                else if (got != bits)
                {
                    diffs.Add(new(DiffKind.Bitfield, key, path, Bits(bits), Bits(got)));
                }
            }
            foreach (var path in a.Fields.Keys.Where(p => !t.Fields.ContainsKey(p) && !t.Bitfields.ContainsKey(p)))
            {
                diffs.Add(new(DiffKind.Extra, key, path, "no such member", $"offset {a.Fields[path]}"));
            }

            foreach (var path in a.Bitfields.Keys.Where(p => !t.Bitfields.ContainsKey(p) && !t.Fields.ContainsKey(p)))
            {
                diffs.Add(new(DiffKind.Extra, key, path, "no such member", Bits(a.Bitfields[path])));
            }
        }
        foreach (var key in actual.Records.Keys.Where(k => !truth.Records.ContainsKey(k) && ours(k)))
        {
            diffs.Add(new(DiffKind.Extra, key, null, "no such record", $"size {actual.Records[key].Size}"));
        }

        foreach (var (name, value) in truth.Constants)
        {
            if (!actual.Constants.TryGetValue(name, out var got))
            {
                diffs.Add(new(DiffKind.Missing, name, null, Value(value), "no constant") { IsConstant = true });
            }
            else if (got != value)
            {
                diffs.Add(new(DiffKind.Constant, name, null, Value(value), Value(got)) { IsConstant = true });
            }
        }
        foreach (var name in actual.Constants.Keys.Where(n => !truth.Constants.ContainsKey(n) && ours(n)))
        {
            diffs.Add(new(DiffKind.Extra, name, null, "not an integer constant here", Value(actual.Constants[name])) { IsConstant = true });
        }

        return diffs;
    }

    public static string Bits(BitfieldFact b) => $"bit {b.BitOffset} width {b.BitWidth}";

    public static string Value(BigInteger v) => v < 4096 ? v.ToString() : $"{v} (0x{v.ToString("X").TrimStart('0')})";

    private static string Describe(RecordFacts a, string path) =>
        a.Fields.TryGetValue(path, out var o) ? $"a plain member at {o}"
        : a.Bitfields.TryGetValue(path, out var b) ? $"a bitfield ({Bits(b)})" : "no member";
}
