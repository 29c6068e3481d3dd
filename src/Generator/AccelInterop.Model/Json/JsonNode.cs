using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;

namespace AccelInterop.Model.Json;

/// <summary>A parsed JSON value. Numbers keep their text so 64-bit values stay exact.</summary>
public abstract class JsonNode
{
    /// <summary>Line of the value's first character in the source text (for error messages).</summary>
    public int Line { get; internal set; }

    public JsonObject AsObject() => this as JsonObject ?? throw Error("an object");
    public JsonArray AsArray() => this as JsonArray ?? throw Error("an array");
    public string AsString() => (this as JsonString)?.Value ?? throw Error("a string");
    public bool AsBool() => (this as JsonBool)?.Value ?? throw Error("true or false");

    public BigInteger AsInteger()
    {
        if (this is JsonNumber n && long.TryParse(n.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small))
        {
            return small;
        }

        if (this is JsonNumber m && BigInteger.TryParse(m.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        throw Error("an integer");
    }

    public long AsInt64() => (long)AsInteger();

    private JsonFormatException Error(string expected) => new JsonFormatException($"expected {expected}", Line);
}

public sealed class JsonObject : JsonNode
{
    // Model objects have a handful of members: a linear search beats a dictionary per object,
    // which only a large object (a hand-written file, say) gets.
    private const int LinearLimit = 16;
    private readonly List<KeyValuePair<string, JsonNode>> _ordered = new List<KeyValuePair<string, JsonNode>>(4);
    private Dictionary<string, JsonNode>? _map;

    public IReadOnlyList<KeyValuePair<string, JsonNode>> Members => _ordered;

    internal void Add(string name, JsonNode value)
    {
        if (Find(name) != null)
        {
            throw new JsonFormatException($"duplicate member '{name}'", value.Line);
        }

        _ordered.Add(new KeyValuePair<string, JsonNode>(name, value));
        if (_map != null)
        {
            _map.Add(name, value);
        }
        else if (_ordered.Count > LinearLimit)
        {
            _map = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            foreach (var m in _ordered)
            {
                _map.Add(m.Key, m.Value);
            }
        }
    }

    public JsonNode? Get(string name) => Find(name) is JsonNode v && v is not JsonNull ? v : null;

    private JsonNode? Find(string name)
    {
        if (_map != null)
        {
            return _map.TryGetValue(name, out var v) ? v : null;
        }

        foreach (var m in _ordered)
        {
            if (string.Equals(m.Key, name, StringComparison.Ordinal))
            {
                return m.Value;
            }
        }
        return null;
    }

    public JsonNode Required(string name) =>
        Get(name) ?? throw new JsonFormatException($"missing member '{name}'", Line);
}

public sealed class JsonArray : JsonNode
{
    public List<JsonNode> Items { get; } = new List<JsonNode>();
}

public sealed class JsonString : JsonNode
{
    public JsonString(string value) => Value = value;
    public string Value { get; }
}

public sealed class JsonNumber : JsonNode
{
    public JsonNumber(string text) => Text = text;
    public string Text { get; }
}

public sealed class JsonBool : JsonNode
{
    public JsonBool(bool value) => Value = value;
    public bool Value { get; }
}

public sealed class JsonNull : JsonNode { }

public sealed class JsonFormatException : Exception
{
    public JsonFormatException(string message, int line) : base(message) => SourceLine = line;
    public int SourceLine { get; }
}
