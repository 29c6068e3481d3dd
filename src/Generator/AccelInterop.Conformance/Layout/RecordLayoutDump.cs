using System.Globalization;
using System.Text.RegularExpressions;

namespace AccelInterop.Conformance.Layout;

/// <summary>One member line of clang's record layout dump, with its C member path from the dumped record.</summary>
/// <param name="Path">C path from the dumped record (<c>a.b</c>; anonymous members' fields by their own name).</param>
/// <param name="ByteOffset">Offset of the member (of its storage unit's byte, for a bitfield) from the dumped record.</param>
/// <param name="BitRange">For a bitfield: first and last bit within the byte run that starts at <see cref="ByteOffset"/>.</param>
public sealed record DumpedMember(string Path, string Type, long ByteOffset, (int First, int Last)? BitRange)
{
    public bool IsBitfield => BitRange != null;

    /// <summary>Bit offset from the start of the dumped record, in allocation order (what clang's record layout stores).</summary>
    public long BitOffset => ByteOffset * 8 + (BitRange?.First ?? 0);

    public int BitWidth => BitRange is { } r ? r.Last - r.First + 1 : 0;
}

/// <summary>One <c>*** Dumping AST Record Layout</c> block.</summary>
public sealed record DumpedRecord(string Name, long? Size, long? Align, IReadOnlyList<DumpedMember> Members);

/// <summary>
/// Parses the output of <c>clang -Xclang -fdump-record-layouts</c>. Lines look like
/// <c>    28:3-9 |     unsigned int bf2</c>: byte offset (with <c>:first-last</c> bits for a bitfield),
/// then the member, indented two spaces per nesting level. Anonymous members show as
/// <c>union foo::(anonymous at file:line:col)</c> with no name; their fields keep their own names.
/// </summary>
public static partial class RecordLayoutDump
{
    [GeneratedRegex(@"^\s*(?<off>\d+)(?::(?<b0>\d+)-(?<b1>\d+))? \|(?<rest>.*)$")]
    private static partial Regex MemberLine();

    [GeneratedRegex(@"^\s*\|\s*\[sizeof=(?<size>\d+),(?:\s*\w+=\d+,)*?\s*align=(?<align>\d+)")]
    private static partial Regex SizeLine();

    public static IReadOnlyList<DumpedRecord> Parse(string dump)
    {
        var records = new List<DumpedRecord>();
        string? name = null;
        long? size = null, align = null;
        var members = new List<DumpedMember>();
        var names = new List<string?>();

        void Flush()
        {
            if (name != null)
            {
                records.Add(new DumpedRecord(name, size, align, members));
            }

            name = null;
            size = align = null;
            members = [];
            names.Clear();
        }

        foreach (var raw in dump.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("*** Dumping AST Record Layout", StringComparison.Ordinal)) { Flush(); continue; }
            var s = SizeLine().Match(line);
            if (s.Success)
            {
                if (name != null)
                {
                    size = long.Parse(s.Groups["size"].Value, CultureInfo.InvariantCulture);
                    align = long.Parse(s.Groups["align"].Value, CultureInfo.InvariantCulture);
                }
                continue;
            }
            var m = MemberLine().Match(line);
            if (!m.Success)
            {
                continue;
            }

            var rest = m.Groups["rest"].Value;
            var text = rest.TrimStart(' ');
            var depth = (rest.Length - text.Length - 1) / 2;
            text = text.TrimEnd();
            if (depth <= 0 || name == null)
            {
                if (name == null)
                {
                    name = text;
                }

                continue;
            }
            var memberName = MemberName(text);
            while (names.Count < depth)
            {
                names.Add(null);
            }

            names.RemoveRange(depth - 1, names.Count - (depth - 1));
            names.Add(memberName);
            if (memberName == null)
            {
                continue;
            }

            var path = string.Join(".", names.Where(n => n != null));
            var type = text[..^memberName.Length].TrimEnd();
            var offset = long.Parse(m.Groups["off"].Value, CultureInfo.InvariantCulture);
            (int, int)? bits = m.Groups["b0"].Success
                ? (int.Parse(m.Groups["b0"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["b1"].Value, CultureInfo.InvariantCulture))
                : null;
            members.Add(new DumpedMember(path, type, offset, bits));
        }
        Flush();
        return records;
    }

    /// <summary>The member name at the end of a dump line; null for an anonymous struct/union member.</summary>
    internal static string? MemberName(string text)
    {
        var close = text.LastIndexOf(')');
        var tail = close >= 0 ? text[(close + 1)..].Trim() : text;
        if (tail.Length == 0)
        {
            return null;
        }

        var space = tail.LastIndexOfAny([' ', '\t', '*', ']']);
        var last = space >= 0 ? tail[(space + 1)..] : tail;
        return Identifier().IsMatch(last) ? last : null;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
