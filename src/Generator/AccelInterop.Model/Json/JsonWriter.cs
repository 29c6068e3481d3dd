using System;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace AccelInterop.Model.Json;

/// <summary>
/// A small streaming JSON writer with one fixed style (2-space indent, \n, members in
/// the order written). Hand-rolled because the model library runs inside the compiler
/// (netstandard2.0, no System.Text.Json) and because its output must be byte-stable.
/// Integers are written exactly, whatever their size.
/// </summary>
public sealed class JsonWriter
{
    private readonly StringBuilder _sb = new StringBuilder();
    private readonly bool _indent;
    private int _depth;
    private bool _needComma;
    private bool _afterName;

    public JsonWriter(bool indent = true) => _indent = indent;

    public override string ToString() => _sb.ToString();

    public JsonWriter StartObject() { BeginValue(); _sb.Append('{'); _depth++; _needComma = false; return this; }
    public JsonWriter EndObject() => Close('}');
    public JsonWriter StartArray() { BeginValue(); _sb.Append('['); _depth++; _needComma = false; return this; }
    public JsonWriter EndArray() => Close(']');

    public JsonWriter Name(string name)
    {
        if (_needComma)
        {
            _sb.Append(',');
        }

        NewLine();
        WriteString(name);
        _sb.Append(_indent ? ": " : ":");
        _afterName = true;
        _needComma = false;
        return this;
    }

    public JsonWriter String(string? value)
    {
        if (value == null)
        {
            return Null();
        }

        BeginValue();
        WriteString(value);
        _needComma = true;
        return this;
    }

    public JsonWriter Number(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));
    public JsonWriter Number(BigInteger value) => Raw(value.ToString(CultureInfo.InvariantCulture));
    public JsonWriter Bool(bool value) => Raw(value ? "true" : "false");
    public JsonWriter Null() => Raw("null");

    public JsonWriter Property(string name, string? value) => Name(name).String(value);
    public JsonWriter Property(string name, long value) => Name(name).Number(value);
    public JsonWriter Property(string name, bool value) => Name(name).Bool(value);

    private JsonWriter Raw(string text)
    {
        BeginValue();
        _sb.Append(text);
        _needComma = true;
        return this;
    }

    private void BeginValue()
    {
        if (_afterName) { _afterName = false; return; }
        if (_needComma)
        {
            _sb.Append(',');
        }

        if (_depth > 0)
        {
            NewLine();
        }
    }

    private JsonWriter Close(char c)
    {
        _depth--;
        var empty = !_needComma;
        if (!empty)
        {
            NewLine();
        }

        _sb.Append(c);
        _needComma = true;
        if (_depth == 0 && _indent)
        {
            _sb.Append('\n');
        }

        return this;
    }

    private void NewLine()
    {
        if (!_indent)
        {
            return;
        }

        _sb.Append('\n');
        _sb.Append(' ', _depth * 2);
    }

    private void WriteString(string s)
    {
        _sb.Append('"');
        foreach (var ch in s)
        {
            switch (ch)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                default:
                    if (ch < 0x20)
                    {
                        _sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        _sb.Append(ch);
                    }

                    break;
            }
        }
        _sb.Append('"');
    }
}
