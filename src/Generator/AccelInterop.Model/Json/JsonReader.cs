using System.Globalization;
using System.Text;

namespace AccelInterop.Model.Json;

/// <summary>A strict recursive-descent JSON parser that records line numbers for errors.</summary>
public sealed class JsonReader
{
    private readonly string _text;
    private int _pos;
    private int _line = 1;

    private JsonReader(string text) => _text = text;

    public static JsonNode Parse(string text)
    {
        var r = new JsonReader(text);
        var node = r.ReadValue();
        r.SkipWhitespace();
        if (r._pos != text.Length)
        {
            throw new JsonFormatException("unexpected text after the JSON value", r._line);
        }

        return node;
    }

    private JsonNode ReadValue()
    {
        SkipWhitespace();
        if (_pos >= _text.Length)
        {
            throw new JsonFormatException("unexpected end of input", _line);
        }

        var line = _line;
        JsonNode node;
        var c = _text[_pos];
        if (c == '{')
        {
            node = ReadObject();
        }
        else if (c == '[')
        {
            node = ReadArray();
        }
        else if (c == '"')
        {
            node = new JsonString(ReadString());
        }
        else if (c == '-' || (c >= '0' && c <= '9'))
        {
            node = ReadNumber();
        }
        else if (Match("true"))
        {
            node = new JsonBool(true);
        }
        else if (Match("false"))
        {
            node = new JsonBool(false);
        }
        else if (Match("null"))
        {
            node = new JsonNull();
        }
        else
        {
            throw new JsonFormatException($"unexpected character '{c}'", _line);
        }

        node.Line = line;
        return node;
    }

    private JsonObject ReadObject()
    {
        var obj = new JsonObject();
        _pos++;
        SkipWhitespace();
        if (Peek() == '}') { _pos++; return obj; }
        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw new JsonFormatException("expected a member name", _line);
            }

            var name = ReadString();
            SkipWhitespace();
            Expect(':');
            obj.Add(name, ReadValue());
            SkipWhitespace();
            if (Peek() == ',') { _pos++; continue; }
            Expect('}');
            return obj;
        }
    }

    private JsonArray ReadArray()
    {
        var arr = new JsonArray();
        _pos++;
        SkipWhitespace();
        if (Peek() == ']') { _pos++; return arr; }
        while (true)
        {
            arr.Items.Add(ReadValue());
            SkipWhitespace();
            if (Peek() == ',') { _pos++; continue; }
            Expect(']');
            return arr;
        }
    }

    private string ReadString()
    {
        _pos++;
        // Most strings (every name in a model) have no escape: one substring, no builder.
        for (var end = _pos; end < _text.Length; end++)
        {
            var c = _text[end];
            if (c == '"')
            {
                var plain = _text.Substring(_pos, end - _pos);
                _pos = end + 1;
                return plain;
            }

            if (c == '\\' || c == '\n')
            {
                break;
            }
        }

        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw new JsonFormatException("unterminated string", _line);
            }

            var c = _text[_pos++];
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c == '\n')
            {
                throw new JsonFormatException("newline in string", _line);
            }

            if (c != '\\') { sb.Append(c); continue; }
            if (_pos >= _text.Length)
            {
                throw new JsonFormatException("unterminated escape", _line);
            }

            var e = _text[_pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _text.Length || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cp))
                    {
                        throw new JsonFormatException("bad \\u escape", _line);
                    }

                    sb.Append((char)cp);
                    _pos += 4;
                    break;
                default: throw new JsonFormatException($"bad escape '\\{e}'", _line);
            }
        }
    }

    private JsonNumber ReadNumber()
    {
        var start = _pos;
        if (Peek() == '-')
        {
            _pos++;
        }

        while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.' || _text[_pos] == 'e' || _text[_pos] == 'E' || _text[_pos] == '+' || _text[_pos] == '-'))
        {
            _pos++;
        }

        return new JsonNumber(_text.Substring(start, _pos - start));
    }

    private bool Match(string word)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
        {
            return false;
        }

        _pos += word.Length;
        return true;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw new JsonFormatException($"expected '{c}'", _line);
        }

        _pos++;
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n')
            {
                _line++;
            }
            else if (c != ' ' && c != '\t' && c != '\r')
            {
                return;
            }

            _pos++;
        }
    }
}
