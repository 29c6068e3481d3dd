using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AccelInterop.Model.Json;

namespace AccelInterop.Model.Facts;

/// <summary>
/// The <c>accelgen facts</c> contract (DESIGN.md): one target's layouts and constants in a
/// flat shape other tools compare against. Member paths are spelled the way C names
/// them from the record: <c>a</c>, <c>a.b</c>, and anonymous members' fields by their own name.
/// </summary>
public static class FactsWriter
{
    /// <summary>How deep member records may nest (C compilers accept far more than uAPI headers use).</summary>
    public const int MaxDepth = 4096;

    public static string Write(UapiModel model, string target)
    {
        var w = new JsonWriter();
        w.StartObject();
        w.Property("target", target);
        w.Name("records").StartObject();
        foreach (var r in model.Records.Where(r => !r.IsAnonymous && r.ExistsOn(target))
                     .OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            w.Name(r.Id).StartObject();
            w.Property("size", r.Size.For(target));
            w.Property("align", r.Align.For(target));
            var fields = new List<KeyValuePair<string, long>>();
            var bitfields = new List<KeyValuePair<string, (long Offset, int Width)>>();
            CollectMembers(model, r, target, fields, bitfields);
            w.Name("fields").StartObject();
            foreach (var f in fields)
            {
                w.Property(f.Key, f.Value);
            }

            w.EndObject();
            w.Name("bitfields").StartObject();
            foreach (var b in bitfields)
            {
                w.Name(b.Key).StartObject().Property("bitOffset", b.Value.Offset).Property("bitWidth", b.Value.Width).EndObject();
            }

            w.EndObject();
            w.EndObject();
        }
        w.EndObject();
        w.Name("constants").StartObject();
        foreach (var kv in Constants(model, target))
        {
            w.Name(kv.Key).Number(kv.Value);
        }

        w.EndObject();
        w.EndObject();
        return w.ToString();
    }

    /// <summary>Integer macros (requests as their unsigned value) and enumerators, by name.</summary>
    public static SortedDictionary<string, BigInteger> Constants(UapiModel model, string target)
    {
        var result = new SortedDictionary<string, BigInteger>(StringComparer.Ordinal);
        foreach (var c in model.Constants.Where(c => c.ExistsOn(target)))
        {
            result[c.Name] = c.Value.For(target);
        }

        foreach (var i in model.Ioctls.Where(i => i.ExistsOn(target)))
        {
            result[i.Name] = i.Request.For(target);
        }

        foreach (var e in model.Enums.Where(e => e.ExistsOn(target)))
        {
            foreach (var x in e.Enumerators)
            {
                if (x.Value.TryGet(target, out var v))
                {
                    result[x.Name] = v;
                }
            }
        }

        return result;
    }

    /// <summary>Walks members depth-first in declaration order; nested named records add <c>a.b</c> paths.</summary>
    public static void CollectMembers(UapiModel model, RecordDecl record, string target,
        List<KeyValuePair<string, long>> fields, List<KeyValuePair<string, (long Offset, int Width)>> bitfields) =>
        Walk(model, record, record, target, "", 0, fields, bitfields, 0);

    private static void Walk(UapiModel model, RecordDecl top, RecordDecl record, string target, string prefix, long baseOffset,
        List<KeyValuePair<string, long>> fields, List<KeyValuePair<string, (long Offset, int Width)>> bitfields, int depth)
    {
        // Records cannot hold themselves by value, so the walk ends; the bound stops a malformed model
        // (and keeps the recursion well inside a thread's stack).
        if (depth > MaxDepth)
        {
            throw new Serialization.ModelFormatException(
                $"record '{top.Id}' nests more than {MaxDepth} levels deep, down to '{record.Id}' (a record holding itself?)", top.Location);
        }

        foreach (var f in record.FieldsOn(target))
        {
            var offset = baseOffset + f.Offset.For(target);
            if (f.Name == null)
            {
                if (f.Type.Kind == TypeRefKind.Record && model.FindRecord(f.Type.Name!) is { } anon)
                {
                    Walk(model, top, anon, target, prefix, offset, fields, bitfields, depth + 1);
                }

                continue;
            }
            var path = prefix + f.Name;
            if (f.Bitfield != null)
            {
                bitfields.Add(new KeyValuePair<string, (long, int)>(path, (baseOffset * 8 + f.Bitfield.BitOffset.For(target), f.Bitfield.BitWidth)));
                continue;
            }
            fields.Add(new KeyValuePair<string, long>(path, offset));
            var resolved = model.Resolve(f.Type, target);
            if (resolved.Kind == TypeRefKind.Record && model.FindRecord(resolved.Name!) is { } nested)
            {
                Walk(model, top, nested, target, path + ".", offset, fields, bitfields, depth + 1);
            }
        }
    }
}
