using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AccelInterop.Model.Json;
using AccelInterop.Model.Targets;

namespace AccelInterop.Model.Serialization;

/// <summary>A model file that is not valid JSON or not a model of a schema we read, or a model it cannot walk.</summary>
public sealed class ModelFormatException : Exception
{
    public ModelFormatException(string message, int line) : base(message) => Line = line;

    /// <summary>A model that reads but cannot be walked (a record nesting past the limit): where that record is declared.</summary>
    public ModelFormatException(string message, SourceLocation declaredAt) : base(message) => DeclaredAt = declaredAt;

    /// <summary>The model file's line; 0 when the problem is a declaration's (<see cref="DeclaredAt"/>).</summary>
    public int Line { get; }
    public SourceLocation? DeclaredAt { get; }
}

/// <summary>Reads the JSON that <see cref="ModelWriter"/> writes.</summary>
public static class ModelReader
{
    /// <param name="path">The model's file, named in the regeneration hint for a model of an older schema.</param>
    public static UapiModel Read(string json, string? path = null)
    {
        try
        {
            return ReadModel(JsonReader.Parse(json).AsObject(), path);
        }
        catch (JsonFormatException e)
        {
            throw new ModelFormatException(e.Message, e.SourceLine);
        }
    }

    private static UapiModel ReadModel(JsonObject o, string? path)
    {
        var schemaNode = o.Required("schema");
        var schema = schemaNode.AsString();
        if (schema != UapiModel.SchemaId)
        {
            throw new ModelFormatException(
                $"schema '{schema}' is not '{UapiModel.SchemaId}' (this accelgen's); regenerate the model: {RegenerateCommand(o, path)}", schemaNode.Line);
        }

        SourcePackage? source = null;
        if (o.Get("source") is JsonObject s)
        {
            source = new SourcePackage(s.Required("package").AsString(), s.Required("version").AsString());
        }

        var headers = Items(o, "headers").Select(h => h.AsObject())
            .Select(h => new HeaderRef(h.Required("path").AsString(), h.Required("sha256").AsString(), Strings(h, "callerIncludes")))
            .ToList();
        var targets = Items(o, "targets").Select(t => ReadTarget(t.AsObject())).ToList();
        return new UapiModel(source, headers, Strings(o, "includes"), targets,
            Items(o, "typedefs").Select(n => ReadTypedef(n.AsObject())).ToList(),
            Items(o, "records").Select(n => ReadRecord(n.AsObject())).ToList(),
            Items(o, "enums").Select(n => ReadEnum(n.AsObject())).ToList(),
            Items(o, "constants").Select(n => ReadConstant(n.AsObject())).ToList(),
            Items(o, "ioctls").Select(n => ReadIoctl(n.AsObject())).ToList(),
            Items(o, "diagnostics").Select(n => ReadDiagnostic(n.AsObject())).ToList());
    }

    /// <summary>The scan that writes this model again, from what any schema's model says about its headers and targets.</summary>
    private static string RegenerateCommand(JsonObject o, string? path)
    {
        var args = new List<string> { "accelgen scan" };
        foreach (var h in Items(o, "headers"))
        {
            if (h is JsonObject header && header.Get("path") is JsonString p)
            {
                args.Add("--header " + p.Value);
            }
        }

        var triples = Items(o, "targets")
            .Select(t => t is JsonString s ? s.Value : t is JsonObject to && to.Get("triple") is JsonString n ? n.Value : null)
            .OfType<string>().ToList();
        var all = LinuxTargets.All.Select(t => t.Triple).ToList();
        if (triples.Count == all.Count && !triples.Except(all).Any())
        {
            args.Add("--target all");
        }
        else
        {
            args.AddRange(triples.Select(t => "--target " + t));
        }

        args.Add("--out " + (path ?? "MODEL.json"));
        return string.Join(" ", args);
    }

    private static TargetAbi ReadTarget(JsonObject o)
    {
        var order = o.Required("byteOrder").AsString() switch
        {
            "little" => ByteOrder.Little,
            "big" => ByteOrder.Big,
            var b => throw new ModelFormatException($"unknown byte order '{b}'", o.Line),
        };
        IoctlLayout? ioctl = null;
        if (o.Get("ioctl") is JsonObject i)
        {
            int I(string name) => (int)i.Required(name).AsInt64();
            uint U(string name) => (uint)i.Required(name).AsInt64();
            ioctl = new IoctlLayout(I("nrShift"), I("typeShift"), I("sizeShift"), I("dirShift"),
                I("nrBits"), I("typeBits"), I("sizeBits"), I("dirBits"), U("none"), U("write"), U("read"));
        }
        return new TargetAbi(o.Required("triple").AsString(), (int)o.Required("pointerSize").AsInt64(),
            (int)o.Required("longSize").AsInt64(), (int)o.Required("int64Align").AsInt64(), order, ioctl);
    }

    private static IReadOnlyList<string> Strings(JsonObject o, string name) => Items(o, name).Select(n => n.AsString()).ToList();

    private static List<JsonNode> Items(JsonObject o, string name) =>
        o.Get(name) is JsonNode n ? n.AsArray().Items : new List<JsonNode>();

    private static SourceLocation Location(JsonObject o) =>
        new SourceLocation(o.Required("file").AsString(), (int)o.Required("line").AsInt64());

    private static IReadOnlyList<string>? Targets(JsonObject o) =>
        o.Get("targets") is JsonNode n ? n.AsArray().Items.Select(t => t.AsString()).ToList() : null;

    private static TypedefDecl ReadTypedef(JsonObject o)
    {
        var underlying = o.Get("typeByTarget") is JsonObject byTarget
            ? PerTarget<TypeRef>.From(byTarget.Members.Select(kv => new KeyValuePair<string, TypeRef>(kv.Key, ReadType(kv.Value))))
            : PerTarget<TypeRef>.Uniform(ReadType(o.Required("type")));
        return new TypedefDecl(o.Required("name").AsString(), Location(o), Targets(o), underlying);
    }

    private static RecordDecl ReadRecord(JsonObject o)
    {
        var kind = o.Required("kind").AsString() switch
        {
            "struct" => RecordKind.Struct,
            "union" => RecordKind.Union,
            var k => throw new ModelFormatException($"unknown record kind '{k}'", o.Line),
        };
        var fields = Items(o, "fields").Select(f => ReadField(f.AsObject())).ToList();
        Dictionary<string, IReadOnlyList<FieldDecl>>? byTarget = null;
        if (o.Get("fieldsByTarget") is JsonObject perTarget)
        {
            byTarget = perTarget.Members.ToDictionary(kv => kv.Key,
                kv => (IReadOnlyList<FieldDecl>)kv.Value.AsArray().Items.Select(f => ReadField(f.AsObject())).ToList(), StringComparer.Ordinal);
        }

        return new RecordDecl(o.Required("id").AsString(), kind, o.Get("tag")?.AsString(), o.Get("typedef")?.AsString(),
            o.Get("parent")?.AsString(), Location(o), Targets(o), Longs(o.Required("size")), Longs(o.Required("align")),
            o.Get("packed")?.AsBool() ?? false, fields, byTarget);
    }

    private static FieldDecl ReadField(JsonObject o)
    {
        BitfieldLayout? bits = null;
        if (o.Get("bitWidth") is JsonNode width)
        {
            bits = new BitfieldLayout(Longs(o.Required("bitOffset")), (int)width.AsInt64());
        }

        return new FieldDecl(o.Get("name")?.AsString(), ReadType(o.Required("type")), (int)o.Required("line").AsInt64(),
            Longs(o.Required("offset")), Longs(o.Required("size")), bits);
    }

    private static EnumDecl ReadEnum(JsonObject o)
    {
        var items = Items(o, "enumerators").Select(n => n.AsObject())
            .Select(e => new Enumerator(e.Required("name").AsString(), Integers(e.Required("value")), (int)e.Required("line").AsInt64()))
            .ToList();
        return new EnumDecl(o.Required("id").AsString(), o.Get("tag")?.AsString(), o.Get("typedef")?.AsString(),
            Location(o), Targets(o), Strings(o.Required("integerType")), items);
    }

    private static ConstantDecl ReadConstant(JsonObject o) =>
        new ConstantDecl(o.Required("name").AsString(), Location(o), Targets(o), Strings(o.Required("type")),
            Integers(o.Required("value")));

    private static IoctlDecl ReadIoctl(JsonObject o)
    {
        var dir = o.Required("dir").AsString() switch
        {
            "none" => IoctlDirection.None,
            "write" => IoctlDirection.Write,
            "read" => IoctlDirection.Read,
            "read_write" => IoctlDirection.ReadWrite,
            var d => throw new ModelFormatException($"unknown ioctl direction '{d}'", o.Line),
        };
        var arg = o.Get("arg") is JsonNode a ? ReadType(a) : null;
        return new IoctlDecl(o.Required("name").AsString(), Location(o), Targets(o), dir, Longs(o.Required("type")),
            Longs(o.Required("nr")), Longs(o.Required("size")), Integers(o.Required("request")), arg);
    }

    private static ModelDiagnostic ReadDiagnostic(JsonObject o)
    {
        var sev = o.Required("severity").AsString() switch
        {
            "error" => DiagnosticSeverity.Error,
            "warning" => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        };
        var loc = o.Get("file") != null ? Location(o) : null;
        return new ModelDiagnostic(sev, o.Required("code").AsString(), o.Required("message").AsString(), loc, o.Get("target")?.AsString());
    }

    private static TypeRef ReadType(JsonNode node)
    {
        var o = node.AsObject();
        if (o.Get("builtin") is JsonNode b)
        {
            return TypeRef.Builtin(b.AsString());
        }

        if (o.Get("typedef") is JsonNode t)
        {
            return TypeRef.Typedef(t.AsString());
        }

        if (o.Get("record") is JsonNode r)
        {
            return TypeRef.Record(r.AsString());
        }

        if (o.Get("enum") is JsonNode e)
        {
            return TypeRef.Enum(e.AsString());
        }

        if (o.Get("other") is JsonNode x)
        {
            return TypeRef.Other(x.AsString());
        }

        if (o.Get("pointer") is JsonNode p)
        {
            return TypeRef.Pointer(ReadType(p));
        }

        if (o.Get("array") is JsonNode el)
        {
            return TypeRef.Array(ReadType(el), o.Get("length") is JsonNode len ? len.AsInt64() : (long?)null);
        }

        throw new ModelFormatException("unknown type reference", o.Line);
    }

    private static PerTarget<long> Longs(JsonNode n) => Per(n, x => x.AsInt64());
    private static PerTarget<BigInteger> Integers(JsonNode n) => Per(n, x => x.AsInteger());
    private static PerTarget<string> Strings(JsonNode n) => Per(n, x => x.AsString());

    private static PerTarget<T> Per<T>(JsonNode n, Func<JsonNode, T> read) =>
        n is JsonObject o
            ? PerTarget<T>.From(o.Members.Select(kv => new KeyValuePair<string, T>(kv.Key, read(kv.Value))))
            : PerTarget<T>.Uniform(read(n));
}
