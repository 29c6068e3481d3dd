namespace AccelInterop.Model.Tests.Sources;

/// <summary>What a stretch of C# source is: code, or the contents of a string or character literal. Comments are dropped.</summary>
internal enum SegmentKind { Code, Literal }

internal readonly record struct Segment(SegmentKind Kind, string Text, int Line);

/// <summary>
/// Splits C# source into code and literals and drops comments, well enough to search sources for
/// facts written as literals (regular, verbatim, interpolated and raw strings, characters).
/// </summary>
internal static class CSharpSegments
{
    public static IEnumerable<Segment> Split(string source)
    {
        var line = 1;
        var i = 0;
        var codeStart = 0;
        var codeLine = 1;
        var segments = new List<Segment>();

        void FlushCode(int end)
        {
            if (end > codeStart)
            {
                segments.Add(new Segment(SegmentKind.Code, source[codeStart..end], codeLine));
            }
        }

        int Advance(int from, int to)
        {
            for (var k = from; k < to && k < source.Length; k++)
            {
                if (source[k] == '\n')
                {
                    line++;
                }
            }

            return Math.Min(to, source.Length);
        }

        while (i < source.Length)
        {
            var c = source[i];
            var next = i + 1 < source.Length ? source[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                FlushCode(i);
                var end = source.IndexOf('\n', i);
                i = end < 0 ? source.Length : end;
                codeStart = i;
                codeLine = line;
            }
            else if (c == '/' && next == '*')
            {
                FlushCode(i);
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = Advance(i, end < 0 ? source.Length : end + 2);
                codeStart = i;
                codeLine = line;
            }
            else if (c == '"' || c == '\'' || (c is '@' or '$' && LiteralStart(source, i) > i))
            {
                FlushCode(i);
                var quote = c is '"' or '\'' ? i : LiteralStart(source, i);
                var verbatim = source.AsSpan(i, quote - i).Contains('@');
                var startLine = line;
                var (contentStart, contentEnd, after) = source[quote] == '\'' ? Quoted(source, quote, '\'', false)
                    : RawQuotes(source, quote) >= 3 ? Raw(source, quote)
                    : Quoted(source, quote, '"', verbatim);
                segments.Add(new Segment(SegmentKind.Literal, source[contentStart..contentEnd], startLine));
                i = Advance(i, after);
                codeStart = i;
                codeLine = line;
            }
            else
            {
                if (c == '\n')
                {
                    line++;
                }

                i++;
            }
        }
        FlushCode(source.Length);
        return segments;
    }

    /// <summary>The index of the opening quote after a <c>$</c>/<c>@</c> prefix, or -1.</summary>
    private static int LiteralStart(string s, int i)
    {
        var k = i;
        while (k < s.Length && s[k] is '$' or '@')
        {
            k++;
        }

        return k < s.Length && s[k] == '"' && k > i ? k : -1;
    }

    private static int RawQuotes(string s, int quote)
    {
        var n = 0;
        while (quote + n < s.Length && s[quote + n] == '"')
        {
            n++;
        }

        return n;
    }

    private static (int, int, int) Raw(string s, int quote)
    {
        var n = RawQuotes(s, quote);
        var close = s.IndexOf(new string('"', n), quote + n, StringComparison.Ordinal);
        return close < 0 ? (quote + n, s.Length, s.Length) : (quote + n, close, close + n);
    }

    private static (int, int, int) Quoted(string s, int quote, char q, bool verbatim)
    {
        var k = quote + 1;
        while (k < s.Length)
        {
            if (verbatim && s[k] == q && k + 1 < s.Length && s[k + 1] == q) { k += 2; continue; }
            if (!verbatim && s[k] == '\\') { k += 2; continue; }
            if (s[k] == q)
            {
                return (quote + 1, k, k + 1);
            }

            if (!verbatim && s[k] == '\n')
            {
                return (quote + 1, k, k); // unterminated: stop at the line's end
            }

            k++;
        }
        return (quote + 1, s.Length, s.Length);
    }
}
