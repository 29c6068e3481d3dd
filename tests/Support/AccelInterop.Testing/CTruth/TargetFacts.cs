using System.Numerics;
using System.Text.Json;

namespace AccelInterop.Testing.CTruth;

/// <summary>A bitfield as <c>accelgen facts</c> spells it: bits from the record start in allocation order, and its width.</summary>
public readonly record struct BitfieldFact(long BitOffset, long BitWidth);

/// <summary>One record on one target: size, alignment, byte offsets of members and bitfields, by C member path.</summary>
public sealed class RecordFacts
{
    public long Size { get; init; }
    public long Align { get; init; }
    public SortedDictionary<string, long> Fields { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, BitfieldFact> Bitfields { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One target's layouts and constants in the shape of the <c>accelgen facts</c> contract (DESIGN.md),
/// whether a compiler measured them or accelgen printed them, so the two compare key by key.
/// </summary>
public sealed class TargetFacts
{
    public required string Target { get; init; }
    public SortedDictionary<string, RecordFacts> Records { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, BigInteger> Constants { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads the JSON object <c>accelgen facts</c> prints.</summary>
    public static TargetFacts FromFactsJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var facts = new TargetFacts { Target = root.GetProperty("target").GetString()! };
        foreach (var r in root.GetProperty("records").EnumerateObject())
        {
            var record = new RecordFacts { Size = r.Value.GetProperty("size").GetInt64(), Align = r.Value.GetProperty("align").GetInt64() };
            foreach (var f in r.Value.GetProperty("fields").EnumerateObject())
            {
                record.Fields[f.Name] = f.Value.GetInt64();
            }

            foreach (var b in r.Value.GetProperty("bitfields").EnumerateObject())
            {
                record.Bitfields[b.Name] = new BitfieldFact(b.Value.GetProperty("bitOffset").GetInt64(), b.Value.GetProperty("bitWidth").GetInt64());
            }

            facts.Records[r.Name] = record;
        }
        foreach (var c in root.GetProperty("constants").EnumerateObject())
        {
            facts.Constants[c.Name] = BigInteger.Parse(c.Value.GetRawText(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return facts;
    }
}
