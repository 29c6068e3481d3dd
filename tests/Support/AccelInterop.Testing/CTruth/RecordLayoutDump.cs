using System.Text.RegularExpressions;

namespace AccelInterop.Testing.CTruth;

/// <summary>One member line of clang's record layout dump, with the C path it is named by from the dumped record.</summary>
public sealed record DumpedMember(string Path, long ByteOffset, BitfieldFact? Bitfield);

/// <summary>One dumped record: its title (<c>struct s</c>, <c>union u</c>, a typedef name), size, alignment and named members.</summary>
public sealed record DumpedRecord(string Title, long Size, long Align, IReadOnlyList<DumpedMember> Members);

/// <summary>
/// Reads <c>clang -Xclang -fdump-record-layouts</c> output. Nested records are expanded in place with
/// absolute offsets, two spaces deeper per level; an anonymous member (no name after its type) adds
/// no path component; arrays are not expanded. Bitfields read <c>BYTE:FIRST-LAST</c> in allocation order.
/// </summary>
public static partial class RecordLayoutDump
{
    [GeneratedRegex(@"^\s*(?<byte>\d+)(?::(?:(?<first>\d+)-(?<last>\d+)|-))?\s\|(?<rest>.*)$")]
    private static partial Regex MemberLine();

    [GeneratedRegex(@"^\s*\|\s*\[sizeof=(?<size>\d+),.*?\balign=(?<align>\d+)")]
    private static partial Regex SizeLine();

    private const string Banner = "*** Dumping AST Record Layout";

    /// <summary>Every record in the dump, first dump per title.</summary>
    public static Dictionary<string, DumpedRecord> Parse(string dump)
    {
        var result = new Dictionary<string, DumpedRecord>(StringComparer.Ordinal);
        var lines = dump.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith(Banner, StringComparison.Ordinal))
            {
                continue;
            }

            var record = ParseOne(lines, ref i);
            if (record != null)
            {
                result.TryAdd(record.Title, record);
            }
        }
        return result;
    }

    private static DumpedRecord? ParseOne(string[] lines, ref int i)
    {
        // Title line: "0 | struct s".
        while (++i < lines.Length && !MemberLine().IsMatch(lines[i])) { }
        if (i >= lines.Length)
        {
            return null;
        }

        var title = MemberLine().Match(lines[i]).Groups["rest"].Value.Trim();
        var members = new List<DumpedMember>();
        var stack = new Stack<(int Level, string Prefix)>();
        while (++i < lines.Length)
        {
            var size = SizeLine().Match(lines[i]);
            if (size.Success)
            {
                return new DumpedRecord(title, long.Parse(size.Groups["size"].Value), long.Parse(size.Groups["align"].Value), members);
            }

            var m = MemberLine().Match(lines[i]);
            if (!m.Success)
            {
                continue;
            }

            var rest = m.Groups["rest"].Value;
            var level = (rest.Length - rest.TrimStart(' ').Length - 1) / 2;
            while (stack.Count > 0 && stack.Peek().Level >= level)
            {
                stack.Pop();
            }

            var prefix = stack.Count > 0 ? stack.Peek().Prefix : "";
            var text = rest.TrimStart(' ');
            // A member with a name ends in it; an anonymous record member or an unnamed bitfield ends in a space.
            var name = text.EndsWith(' ') ? null : text[(text.LastIndexOf(' ') + 1)..];
            stack.Push((level, name == null ? prefix : prefix + name + "."));
            if (name == null)
            {
                continue;
            }

            var byteOffset = long.Parse(m.Groups["byte"].Value);
            BitfieldFact? bits = null;
            if (m.Groups["first"].Success)
            {
                var first = long.Parse(m.Groups["first"].Value);
                bits = new BitfieldFact(byteOffset * 8 + first, long.Parse(m.Groups["last"].Value) - first + 1);
            }
            members.Add(new DumpedMember(prefix + name, byteOffset, bits));
        }
        return null;
    }
}
