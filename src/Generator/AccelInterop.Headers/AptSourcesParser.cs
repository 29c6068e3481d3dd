namespace AccelInterop.Headers;

/// <summary>
/// Parses apt source files in both formats apt accepts: deb822 stanzas (<c>*.sources</c>) and
/// one-line entries (<c>sources.list</c>, <c>*.list</c>). Only what locating a mirror needs is kept.
/// </summary>
public static class AptSourcesParser
{
    /// <summary>Parses deb822 stanzas; entries with <c>Enabled: no</c> are dropped. One result per (type, URI).</summary>
    public static IReadOnlyList<AptSource> ParseDeb822(string text, string file)
    {
        var result = new List<AptSource>();
        foreach (var stanza in Stanzas(text))
        {
            string Field(string name) => stanza.TryGetValue(name, out var v) ? v : "";
            if (string.Equals(Field("Enabled").Trim(), "no", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var suites = Words(Field("Suites"));
            var components = Words(Field("Components"));
            foreach (var type in Words(Field("Types")))
            {
                foreach (var uri in Words(Field("URIs")))
                {
                    result.Add(new AptSource(type, uri.TrimEnd('/'), suites, components, file));
                }
            }
        }

        return result;
    }

    /// <summary>Parses one-line entries: <c>deb [opt=val ...] uri suite [component ...]</c>.</summary>
    public static IReadOnlyList<AptSource> ParseOneLine(string text, string file)
    {
        var result = new List<AptSource>();
        foreach (var rawLine in text.Split('\n'))
        {
            var hash = rawLine.IndexOf('#');
            var line = (hash >= 0 ? rawLine[..hash] : rawLine).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            // Options may be written "[a=b c=d]" or "[ a=b ]": drop the bracketed part as a whole.
            var open = line.IndexOf('[');
            if (open >= 0)
            {
                var close = line.IndexOf(']', open);
                if (close < 0)
                {
                    continue; // Malformed; apt would reject it too.
                }

                line = line[..open] + " " + line[(close + 1)..];
            }

            var words = Words(line);
            if (words.Count < 3 || words[0] is not ("deb" or "deb-src"))
            {
                continue;
            }

            result.Add(new AptSource(words[0], words[1].TrimEnd('/'), [words[2]], words.Skip(3).ToList(), file));
        }

        return result;
    }

    private static IEnumerable<Dictionary<string, string>> Stanzas(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var raw in text.Replace("\r", "").Split('\n'))
        {
            if (raw.StartsWith('#'))
            {
                continue; // Comment lines do not end a stanza.
            }

            if (raw.Trim().Length == 0)
            {
                if (fields.Count > 0)
                {
                    yield return fields;
                    fields = new(StringComparer.OrdinalIgnoreCase);
                }

                last = null;
                continue;
            }

            if (char.IsWhiteSpace(raw[0]))
            {
                if (last is not null)
                {
                    var more = raw.Trim();
                    fields[last] += " " + (more == "." ? "" : more);
                }

                continue;
            }

            var colon = raw.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            last = raw[..colon].Trim();
            fields[last] = raw[(colon + 1)..].Trim();
        }

        if (fields.Count > 0)
        {
            yield return fields;
        }
    }

    private static List<string> Words(string value) =>
        value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
}
