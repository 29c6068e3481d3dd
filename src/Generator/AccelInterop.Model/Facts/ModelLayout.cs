using System;
using System.Collections.Generic;

namespace AccelInterop.Model.Facts;

/// <summary>
/// One record's layout on one target as the model states it, by C member path (the walk
/// <see cref="FactsWriter"/> prints): what generated self-check tables and the emitter's own
/// check of its plan compare with, so neither trusts the emitter's arithmetic.
/// </summary>
public sealed class ModelLayout
{
    private ModelLayout(long size, Dictionary<string, long> fields, Dictionary<string, (long Offset, int Width)> bitfields)
    {
        Size = size;
        Fields = fields;
        Bitfields = bitfields;
    }

    public long Size { get; }

    /// <summary>Byte offsets of non-bitfield members, by path (<c>a</c>, <c>a.b</c>; anonymous members' fields by their own name).</summary>
    public IReadOnlyDictionary<string, long> Fields { get; }

    /// <summary>Bit offsets from the record start (allocation order) and widths of bitfields, by path.</summary>
    public IReadOnlyDictionary<string, (long Offset, int Width)> Bitfields { get; }

    public static ModelLayout Of(UapiModel model, RecordDecl record, string target)
    {
        var fields = new List<KeyValuePair<string, long>>();
        var bitfields = new List<KeyValuePair<string, (long Offset, int Width)>>();
        FactsWriter.CollectMembers(model, record, target, fields, bitfields);
        var f = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var kv in fields)
        {
            if (!f.ContainsKey(kv.Key))
            {
                f[kv.Key] = kv.Value;
            }
        }

        var b = new Dictionary<string, (long, int)>(StringComparer.Ordinal);
        foreach (var kv in bitfields)
        {
            if (!b.ContainsKey(kv.Key))
            {
                b[kv.Key] = kv.Value;
            }
        }

        return new ModelLayout(record.Size.For(target), f, b);
    }
}
