namespace AccelInterop.Scanner.Scanning;

/// <summary>An object-like macro defined in a header, found by reading its directives.</summary>
public sealed record MacroDefinitionLine(string Name, int Line, string Body = "");

/// <summary>
/// Lists the object-like macros a header defines by reading its preprocessor directives.
/// The scanner needs the names before it can build the evaluation unit that asks the
/// compiler for their values, and a directive scan is far cheaper than an extra parse.
/// Conditionals are not interpreted: each candidate is guarded with <c>#ifdef</c> in the
/// evaluation unit, so the compiler decides which ones exist on which target.
/// </summary>
public static class MacroDefinitionLexer
{
    public static IReadOnlyList<MacroDefinitionLine> Read(string text)
    {
        var result = new List<MacroDefinitionLine>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, lineNo) in LogicalLines(text))
        {
            var s = line.AsSpan().TrimStart();
            if (s.Length == 0 || s[0] != '#')
            {
                continue;
            }

            s = s[1..].TrimStart();
            if (!s.StartsWith("define") || s.Length == 6 || !char.IsWhiteSpace(s[6]))
            {
                continue;
            }

            s = s[6..].TrimStart();
            var n = 0;
            while (n < s.Length && (char.IsLetterOrDigit(s[n]) || s[n] == '_'))
            {
                n++;
            }

            if (n == 0)
            {
                continue;
            }

            var name = s[..n].ToString();
            var rest = s[n..];
            if (rest.Length > 0 && rest[0] == '(')
            {
                continue; // function-like
            }

            if (rest.Trim().Length == 0)
            {
                continue;           // guards and empty markers carry no value
            }
            // An unbalanced body ({ or ( left open) is no integer constant, and asking for its value would
            // swallow every later question of the evaluation unit.
            if (!Balanced(rest))
            {
                continue;
            }

            if (seen.Add(name))
            {
                result.Add(new MacroDefinitionLine(name, lineNo, rest.ToString()));
            }
        }
        return result;
    }

    /// <summary>
    /// The macros whose expansion, through the other macros listed, would exceed <paramref name="limit"/>
    /// tokens (each level repeating the one below: 4 tokens per level make 2^20 in 10 levels). The
    /// compiler would expand each one in full to ask for its value, however little the header uses it.
    /// </summary>
    public static IReadOnlySet<string> Oversized(IReadOnlyList<MacroDefinitionLine> macros, long limit)
    {
        var bodies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in macros)
        {
            bodies.TryAdd(m.Name, m.Body);
        }

        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        long Size(string name, int depth)
        {
            if (sizes.TryGetValue(name, out var known))
            {
                return known;
            }

            if (depth > 256)
            {
                return 1;
            }

            sizes[name] = 1; // a macro is not expanded inside itself
            long total = 0;
            foreach (System.Text.RegularExpressions.Match t in Token.Matches(bodies[name]))
            {
                total += bodies.ContainsKey(t.Value) ? Size(t.Value, depth + 1) : 1;
                if (total > limit)
                {
                    break;
                }
            }
            return sizes[name] = Math.Min(total, limit + 1);
        }
        return macros.Where(m => Size(m.Name, 0) > limit).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
    }

    private static readonly System.Text.RegularExpressions.Regex Token = new(@"[A-Za-z_]\w*|\d\w*|\S", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Whether (), [] and {} pair up in a macro body, outside character and string literals.</summary>
    private static bool Balanced(ReadOnlySpan<char> body)
    {
        var open = new Stack<char>();
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c is '"' or '\'')
            {
                for (i++; i < body.Length && body[i] != c; i++)
                {
                    if (body[i] == '\\')
                    {
                        i++;
                    }
                }

                continue;
            }
            if (c is '(' or '[' or '{')
            {
                open.Push(c);
            }
            else if (c is ')' or ']' or '}')
            {
                if (open.Count == 0 || open.Pop() != (c == ')' ? '(' : c == ']' ? '[' : '{'))
                {
                    return false;
                }
            }
        }
        return open.Count == 0;
    }

    /// <summary>
    /// Yields logical lines (continuations joined, comments replaced by a space, as the
    /// preprocessor sees them) with the physical line of their first visible character.
    /// </summary>
    private static IEnumerable<(string Text, int Line)> LogicalLines(string text)
    {
        var sb = new System.Text.StringBuilder();
        var line = 1;
        var start = 1;
        var blank = true;
        var inBlock = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inBlock)
            {
                if (c == '\n')
                {
                    line++;
                }
                else if (c == '*' && i + 1 < text.Length && text[i + 1] == '/') { inBlock = false; i++; sb.Append(' '); }
                continue;
            }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*') { inBlock = true; i++; continue; }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i + 1 < text.Length && text[i + 1] != '\n')
                {
                    i++;
                }

                continue;
            }
            if (blank && !char.IsWhiteSpace(c) && !(c == '\\' && i + 1 < text.Length && (text[i + 1] == '\n' || text[i + 1] == '\r')))
            {
                blank = false;
                start = line;
            }
            if (c == '"' || c == '\'')
            {
                // Copy literals whole so a comment marker inside one is not taken for a comment.
                sb.Append(c);
                while (i + 1 < text.Length && text[i + 1] != c && text[i + 1] != '\n')
                {
                    if (text[i + 1] == '\\' && i + 2 < text.Length)
                    {
                        sb.Append(text[++i]);
                    }

                    sb.Append(text[++i]);
                }
                if (i + 1 < text.Length && text[i + 1] == c)
                {
                    sb.Append(text[++i]);
                }

                continue;
            }
            if (c == '\\' && i + 1 < text.Length && (text[i + 1] == '\n' || (text[i + 1] == '\r' && i + 2 < text.Length && text[i + 2] == '\n')))
            {
                i += text[i + 1] == '\r' ? 2 : 1;
                line++;
                continue;
            }
            if (c == '\n')
            {
                yield return (sb.ToString(), start);
                sb.Clear();
                line++;
                start = line;
                blank = true;
                continue;
            }
            if (c != '\r')
            {
                sb.Append(c);
            }
        }
        if (sb.Length > 0)
        {
            yield return (sb.ToString(), start);
        }
    }
}
