using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AccelInterop.Model.Json;

namespace AccelInterop.Model.Annotations;

/// <summary>A facts file that is not valid JSON, not of the schema we read, or names what its model does not have.</summary>
public sealed class AbiFactsException : Exception
{
    public AbiFactsException(string message, int line) : base(message) => Line = line;

    /// <summary>The facts file's line (1-based).</summary>
    public int Line { get; }
}

/// <summary>
/// The one reader of facts files (docs/annotations.md). Every name is checked against the model, so a
/// file cannot go stale silently: an unknown record, member, request, kind or constant family is an error.
/// </summary>
public static class AbiFactsReader
{
    public const string SchemaId = "accelinterop-abi-facts/1";

    // Kinds are open per driver: "gem", "syncobj", "xe.exec_queue", "vfio.group".
    private static readonly Regex KindName = new Regex(@"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$", RegexOptions.CultureInvariant);

    private static readonly Dictionary<string, AbiFactKind> Kinds = new Dictionary<string, AbiFactKind>(StringComparer.Ordinal)
    {
        ["pointer"] = AbiFactKind.Pointer,
        ["handle"] = AbiFactKind.Handle,
        ["fd"] = AbiFactKind.FileDescriptor,
        ["zero"] = AbiFactKind.Zero,
        ["flags"] = AbiFactKind.Flags,
        ["plain"] = AbiFactKind.Plain,
        ["argsz"] = AbiFactKind.Argsz,
        ["size"] = AbiFactKind.Size,
        ["extensions"] = AbiFactKind.Extensions,
    };

    private static readonly Dictionary<string, IoctlDirection> Directions = new Dictionary<string, IoctlDirection>(StringComparer.Ordinal)
    {
        ["none"] = IoctlDirection.None,
        ["write"] = IoctlDirection.Write,
        ["read"] = IoctlDirection.Read,
        ["read_write"] = IoctlDirection.ReadWrite,
    };

    public static AbiFacts Read(string json, UapiModel model)
    {
        try
        {
            return ReadFacts(JsonReader.Parse(json).AsObject(), model);
        }
        catch (JsonFormatException e)
        {
            throw new AbiFactsException(e.Message, e.SourceLine);
        }
    }

    private static AbiFacts ReadFacts(JsonObject o, UapiModel model)
    {
        Only(o, "schema", "uapi", "records", "requests");
        var schema = o.Required("schema");
        if (schema.AsString() != SchemaId)
        {
            throw new AbiFactsException($"schema '{schema.AsString()}' is not '{SchemaId}'", schema.Line);
        }

        var members = new List<MemberFact>();
        var scope = new MemberScope(model);
        if (o.Get("records") is JsonNode records)
        {
            foreach (var r in records.AsObject().Members)
            {
                var names = scope.MembersOf(r.Key) ?? throw new AbiFactsException($"unknown record '{r.Key}' (the model has no named record of that name)", r.Value.Line);
                foreach (var m in r.Value.AsObject().Members)
                {
                    if (!names.Contains(m.Key))
                    {
                        throw new AbiFactsException($"unknown member '{r.Key}.{m.Key}'", m.Value.Line);
                    }

                    members.Add(ReadMember(r.Key, m.Key, m.Value.AsObject(), names, model));
                }
            }
        }

        var requests = new List<RequestFact>();
        if (o.Get("requests") is JsonNode reqs)
        {
            var known = new HashSet<string>(model.Ioctls.Select(i => i.Name), StringComparer.Ordinal);
            foreach (var r in reqs.AsObject().Members)
            {
                if (!known.Contains(r.Key))
                {
                    throw new AbiFactsException($"unknown request '{r.Key}'", r.Value.Line);
                }

                var ro = r.Value.AsObject();
                Only(ro, "argument", "direction", "why");
                IoctlDirection? direction = null;
                if (ro.Get("direction") is JsonNode dir)
                {
                    direction = Directions.TryGetValue(dir.AsString(), out var d)
                        ? d
                        : throw new AbiFactsException($"unknown direction '{dir.AsString()}' (one of {string.Join(", ", Directions.Keys)})", dir.Line);
                }

                string? argument = null;
                if (ro.Get("argument") is JsonNode arg)
                {
                    argument = model.FindRecord(arg.AsString()) is { IsAnonymous: false }
                        ? arg.AsString()
                        : throw new AbiFactsException($"unknown record '{arg.AsString()}' (the model has no named record of that name)", arg.Line);
                }

                if (direction == null && argument == null)
                {
                    throw new AbiFactsException($"request '{r.Key}' states neither argument nor direction", r.Value.Line);
                }

                requests.Add(new RequestFact(r.Key, argument, direction, ro.Get("why")?.AsString(), r.Value.Line));
            }
        }

        return new AbiFacts(o.Required("uapi").AsString(), members, requests);
    }

    private static MemberFact ReadMember(string record, string member, JsonObject o, HashSet<string> siblings, UapiModel model)
    {
        var kindNode = o.Required("kind");
        if (!Kinds.TryGetValue(kindNode.AsString(), out var kind))
        {
            throw new AbiFactsException($"unknown kind '{kindNode.AsString()}' (one of {string.Join(", ", Kinds.Keys)})", kindNode.Line);
        }

        var fact = new MemberFact(record, member, kind, o.Line) { Why = o.Get("why")?.AsString() };
        switch (kind)
        {
            case AbiFactKind.Pointer:
                Only(o, "kind", "to", "count", "why");
                fact.To = o.Get("to") is JsonNode to ? TypeName(to, model) : null;
                fact.Count = o.Get("count") is JsonNode count ? Sibling(count, record, siblings) : null;
                break;
            case AbiFactKind.Extensions:
                Only(o, "kind", "to", "why");
                fact.To = o.Get("to") is JsonNode ext ? TypeName(ext, model) : null;
                break;
            case AbiFactKind.Handle:
            case AbiFactKind.FileDescriptor:
                Only(o, "kind", "of", "why");
                var of = o.Required("of");
                if (!KindName.IsMatch(of.AsString()))
                {
                    throw new AbiFactsException($"'{of.AsString()}' is not a kind name (lower-case words joined by '.', as in xe.exec_queue)", of.Line);
                }

                fact.Of = of.AsString();
                break;
            case AbiFactKind.Flags:
                Only(o, "kind", "family", "why");
                var family = o.Required("family");
                var prefix = family.AsString() + "_";
                if (!model.Constants.Any(c => c.Name.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    throw new AbiFactsException($"no constant in the model is named {prefix}*", family.Line);
                }

                fact.Family = family.AsString();
                break;
            default:
                Only(o, "kind", "why");
                break;
        }
        return fact;
    }

    private static string TypeName(JsonNode node, UapiModel model)
    {
        var name = node.AsString();
        if (model.FindRecord(name) == null && model.FindTypedef(name) == null && name != "bytes")
        {
            throw new AbiFactsException($"unknown type '{name}' (a record or typedef of the model, or bytes)", node.Line);
        }

        return name;
    }

    private static string Sibling(JsonNode node, string record, HashSet<string> siblings)
    {
        var name = node.AsString();
        if (!siblings.Contains(name))
        {
            throw new AbiFactsException($"unknown member '{record}.{name}'", node.Line);
        }

        return name;
    }

    private static void Only(JsonObject o, params string[] allowed)
    {
        foreach (var m in o.Members)
        {
            if (Array.IndexOf(allowed, m.Key) < 0)
            {
                throw new AbiFactsException($"unknown key '{m.Key}' (here: {string.Join(", ", allowed)})", m.Value.Line);
            }
        }
    }
}
