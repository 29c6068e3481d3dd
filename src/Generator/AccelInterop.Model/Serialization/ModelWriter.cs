using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AccelInterop.Model.Json;

namespace AccelInterop.Model.Serialization;

/// <summary>
/// Writes a model as JSON in the one canonical form described in docs/model.md. Lists are
/// sorted here (not by the caller) so determinism does not depend on scan order.
/// </summary>
public static class ModelWriter
{
    public static string Write(UapiModel model)
    {
        var w = new JsonWriter();
        w.StartObject();
        w.Property("schema", UapiModel.SchemaId);
        if (model.Source != null)
        {
            w.Name("source").StartObject()
                .Property("package", model.Source.Name)
                .Property("version", model.Source.Version)
                .EndObject();
        }
        w.Name("headers").StartArray();
        foreach (var h in model.Headers.OrderBy(h => h.Path, StringComparer.Ordinal))
        {
            w.StartObject().Property("path", h.Path).Property("sha256", h.Sha256);
            if (h.CallerIncludes.Count > 0)
            {
                WriteStrings(w.Name("callerIncludes"), h.CallerIncludes);
            }

            w.EndObject();
        }
        w.EndArray();
        if (model.Includes.Count > 0)
        {
            WriteStrings(w.Name("includes"), model.Includes);
        }

        w.Name("targets").StartArray();
        foreach (var t in model.TargetAbis)
        {
            WriteTarget(w, t);
        }

        w.EndArray();

        w.Name("typedefs").StartArray();
        foreach (var t in model.Typedefs.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            WriteTypedef(w, t);
        }

        w.EndArray();
        w.Name("records").StartArray();
        foreach (var r in model.Records.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            WriteRecord(w, r);
        }

        w.EndArray();
        w.Name("enums").StartArray();
        foreach (var e in model.Enums.OrderBy(e => e.Id, StringComparer.Ordinal))
        {
            WriteEnum(w, e);
        }

        w.EndArray();
        w.Name("constants").StartArray();
        foreach (var c in model.Constants.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            WriteConstant(w, c);
        }

        w.EndArray();
        w.Name("ioctls").StartArray();
        foreach (var i in model.Ioctls.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            WriteIoctl(w, i);
        }

        w.EndArray();
        w.Name("diagnostics").StartArray();
        foreach (var d in Sorted(model.Diagnostics))
        {
            WriteDiagnostic(w, d);
        }

        w.EndArray();
        w.EndObject();
        return w.ToString();
    }

    private static void WriteStrings(JsonWriter w, IEnumerable<string> items)
    {
        w.StartArray();
        foreach (var s in items)
        {
            w.String(s);
        }

        w.EndArray();
    }

    private static void WriteTarget(JsonWriter w, TargetAbi t)
    {
        w.StartObject()
            .Property("triple", t.Triple)
            .Property("pointerSize", t.PointerSize)
            .Property("longSize", t.LongSize)
            .Property("int64Align", t.Int64Align)
            .Property("byteOrder", t.ByteOrder == ByteOrder.Big ? "big" : "little");
        if (t.Ioctl is { } i)
        {
            w.Name("ioctl").StartObject()
                .Property("nrShift", i.NrShift).Property("typeShift", i.TypeShift)
                .Property("sizeShift", i.SizeShift).Property("dirShift", i.DirShift)
                .Property("nrBits", i.NrBits).Property("typeBits", i.TypeBits)
                .Property("sizeBits", i.SizeBits).Property("dirBits", i.DirBits)
                .Property("none", i.None).Property("write", i.Write).Property("read", i.Read)
                .EndObject();
        }
        w.EndObject();
    }

    internal static IEnumerable<ModelDiagnostic> Sorted(IEnumerable<ModelDiagnostic> diagnostics) =>
        diagnostics
            .OrderBy(d => d.Location?.File ?? "", StringComparer.Ordinal)
            .ThenBy(d => d.Location?.Line ?? 0)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ThenBy(d => d.Target ?? "", StringComparer.Ordinal);

    private static void WriteDeclHead(JsonWriter w, Declaration d, string nameKey)
    {
        w.Property(nameKey, d.Name);
        w.Property("file", d.Location.File);
        w.Property("line", d.Location.Line);
        if (d.Targets != null)
        {
            w.Name("targets").StartArray();
            foreach (var t in d.Targets)
            {
                w.String(t);
            }

            w.EndArray();
        }
    }

    private static void WriteTypedef(JsonWriter w, TypedefDecl t)
    {
        w.StartObject();
        WriteDeclHead(w, t, "name");
        if (t.Underlying.IsUniform)
        {
            WriteType(w.Name("type"), t.Underlying.Value);
        }
        else
        {
            // A TypeRef is itself an object, so the per-target form gets its own key.
            w.Name("typeByTarget").StartObject();
            foreach (var kv in t.Underlying.ByTarget)
            {
                WriteType(w.Name(kv.Key), kv.Value);
            }

            w.EndObject();
        }
        w.EndObject();
    }

    private static void WriteRecord(JsonWriter w, RecordDecl r)
    {
        w.StartObject();
        WriteDeclHead(w, r, "id");
        w.Property("kind", r.Kind == RecordKind.Union ? "union" : "struct");
        if (r.Tag != null)
        {
            w.Property("tag", r.Tag);
        }

        if (r.TypedefName != null)
        {
            w.Property("typedef", r.TypedefName);
        }

        if (r.Parent != null)
        {
            w.Property("parent", r.Parent);
        }

        if (r.IsPacked)
        {
            w.Property("packed", true);
        }

        WritePerTarget(w.Name("size"), r.Size);
        WritePerTarget(w.Name("align"), r.Align);
        w.Name("fields").StartArray();
        foreach (var f in r.Fields)
        {
            WriteField(w, f);
        }

        w.EndArray();
        if (r.FieldsByTarget != null)
        {
            // Targets whose member list differs from "fields" (members in a target #if): each its own list.
            w.Name("fieldsByTarget").StartObject();
            foreach (var kv in r.FieldsByTarget.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.Name(kv.Key).StartArray();
                foreach (var f in kv.Value)
                {
                    WriteField(w, f);
                }

                w.EndArray();
            }
            w.EndObject();
        }
        w.EndObject();
    }

    private static void WriteField(JsonWriter w, FieldDecl f)
    {
        w.StartObject();
        w.Property("name", f.Name);
        w.Name("type");
        WriteType(w, f.Type);
        w.Property("line", f.Line);
        WritePerTarget(w.Name("offset"), f.Offset);
        WritePerTarget(w.Name("size"), f.Size);
        if (f.Bitfield != null)
        {
            WritePerTarget(w.Name("bitOffset"), f.Bitfield.BitOffset);
            w.Property("bitWidth", f.Bitfield.BitWidth);
        }
        w.EndObject();
    }

    private static void WriteEnum(JsonWriter w, EnumDecl e)
    {
        w.StartObject();
        WriteDeclHead(w, e, "id");
        if (e.Tag != null)
        {
            w.Property("tag", e.Tag);
        }

        if (e.TypedefName != null)
        {
            w.Property("typedef", e.TypedefName);
        }

        WritePerTarget(w.Name("integerType"), e.IntegerType);
        w.Name("enumerators").StartArray();
        foreach (var x in e.Enumerators)
        {
            w.StartObject().Property("name", x.Name);
            WritePerTarget(w.Name("value"), x.Value);
            w.Property("line", x.Line).EndObject();
        }
        w.EndArray();
        w.EndObject();
    }

    private static void WriteConstant(JsonWriter w, ConstantDecl c)
    {
        w.StartObject();
        WriteDeclHead(w, c, "name");
        WritePerTarget(w.Name("type"), c.CType);
        WritePerTarget(w.Name("value"), c.Value);
        w.EndObject();
    }

    private static void WriteIoctl(JsonWriter w, IoctlDecl i)
    {
        w.StartObject();
        WriteDeclHead(w, i, "name");
        w.Property("dir", DirectionName(i.Direction));
        WritePerTarget(w.Name("type"), i.Type);
        WritePerTarget(w.Name("nr"), i.Number);
        WritePerTarget(w.Name("size"), i.Size);
        WritePerTarget(w.Name("request"), i.Request);
        w.Name("arg");
        if (i.Argument == null)
        {
            w.Null();
        }
        else
        {
            WriteType(w, i.Argument);
        }

        w.EndObject();
    }

    private static void WriteDiagnostic(JsonWriter w, ModelDiagnostic d)
    {
        w.StartObject();
        w.Property("severity", d.Severity.ToString().ToLowerInvariant());
        w.Property("code", d.Code);
        w.Property("message", d.Message);
        if (d.Location != null)
        {
            w.Property("file", d.Location.File).Property("line", d.Location.Line);
        }

        if (d.Target != null)
        {
            w.Property("target", d.Target);
        }

        w.EndObject();
    }

    public static string DirectionName(IoctlDirection d) => d switch
    {
        IoctlDirection.None => "none",
        IoctlDirection.Write => "write",
        IoctlDirection.Read => "read",
        _ => "read_write",
    };

    internal static void WriteType(JsonWriter w, TypeRef t)
    {
        w.StartObject();
        switch (t.Kind)
        {
            case TypeRefKind.Builtin: w.Property("builtin", t.Name); break;
            case TypeRefKind.Typedef: w.Property("typedef", t.Name); break;
            case TypeRefKind.Record: w.Property("record", t.Name); break;
            case TypeRefKind.Enum: w.Property("enum", t.Name); break;
            case TypeRefKind.Other: w.Property("other", t.Name); break;
            case TypeRefKind.Pointer: WriteType(w.Name("pointer"), t.Element!); break;
            case TypeRefKind.Array:
                WriteType(w.Name("array"), t.Element!);
                w.Name("length");
                if (t.Length is long n)
                {
                    w.Number(n);
                }
                else
                {
                    w.Null();
                }

                break;
        }
        w.EndObject();
    }

    private static void WritePerTarget(JsonWriter w, PerTarget<long> v) =>
        WritePerTarget(w, v, (x, n) => x.Number(n));

    private static void WritePerTarget(JsonWriter w, PerTarget<BigInteger> v) =>
        WritePerTarget(w, v, (x, n) => x.Number(n));

    private static void WritePerTarget(JsonWriter w, PerTarget<string> v) =>
        WritePerTarget(w, v, (x, s) => x.String(s));

    private static void WritePerTarget<T>(JsonWriter w, PerTarget<T> v, Action<JsonWriter, T> write)
    {
        if (v.IsUniform) { write(w, v.Value); return; }
        w.StartObject();
        foreach (var kv in v.ByTarget)
        {
            write(w.Name(kv.Key), kv.Value);
        }

        w.EndObject();
    }
}
