using System.Globalization;
using System.Text.RegularExpressions;

namespace AccelInterop.Testing.CTruth;

/// <summary>Reads initialized data back out of compiler output: an LLVM IR i64 array, or gcc x86 assembly bytes.</summary>
public static partial class CompiledData
{
    [GeneratedRegex(@"\bi64 (?<value>-?\d+)|\[(?<zeros>\d+) x i64\] zeroinitializer|^zeroinitializer")]
    private static partial Regex Element();

    /// <summary>
    /// The elements of <c>@NAME = ... global TYPE INIT</c> in clang's IR: <c>[N x i64] [i64 1, ...]</c>,
    /// <c>[N x i64] zeroinitializer</c>, or the packed form clang uses for a run of trailing zeros,
    /// <c>&lt;{ i64, [K x i64] }&gt; &lt;{ i64 1, [K x i64] zeroinitializer }&gt;</c>.
    /// </summary>
    public static ulong[] LlvmI64Array(string ir, string name, int count)
    {
        var line = ir.Split('\n').FirstOrDefault(l => l.StartsWith($"@{name} ", StringComparison.Ordinal))
            ?? throw new ProbeFailedException($"no @{name} in the IR");
        var type = line.IndexOf(" global ", StringComparison.Ordinal) + " global ".Length;
        var init = line[SkipBalanced(line, type)..].TrimStart();
        var values = new List<ulong>();
        foreach (Match m in Element().Matches(init))
        {
            if (m.Groups["value"].Success)
            {
                values.Add(unchecked((ulong)long.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));
            }
            else if (m.Groups["zeros"].Success)
            {
                values.AddRange(new ulong[int.Parse(m.Groups["zeros"].Value, CultureInfo.InvariantCulture)]);
            }
            else
            {
                values.AddRange(new ulong[count]);
            }
        }
        if (values.Count != count)
        {
            throw new ProbeFailedException($"@{name}: {values.Count} values for {count} elements in: {line}");
        }

        return [.. values];
    }

    /// <summary>The index just past the bracketed type starting at <paramref name="at"/> (<c>[...]</c> or <c>&lt;{...}&gt;</c>).</summary>
    private static int SkipBalanced(string text, int at)
    {
        var depth = 0;
        for (var i = at; i < text.Length; i++)
        {
            if (text[i] is '[' or '{')
            {
                depth++;
            }
            else if (text[i] is ']' or '}' && --depth == 0)
            {
                return text[i] == '}' && i + 1 < text.Length && text[i + 1] == '>' ? i + 2 : i + 1;
            }
        }
        throw new ProbeFailedException($"unbalanced IR type: {text}");
    }

    /// <summary>
    /// The bytes gcc emits after each label of an x86 assembly file (<c>.byte</c>, <c>.value</c>,
    /// <c>.long</c>, <c>.quad</c>, <c>.zero</c>; little-endian), by label.
    /// </summary>
    public static Dictionary<string, byte[]> GasObjects(string asm)
    {
        var objects = new Dictionary<string, List<byte>>(StringComparer.Ordinal);
        List<byte>? current = null;
        foreach (var raw in asm.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith(':') && !line.Contains(' ') && !line.Contains('\t'))
            {
                objects[line[..^1]] = current = [];
                continue;
            }
            if (current == null || !line.StartsWith('.'))
            {
                continue;
            }

            var space = line.IndexOfAny([' ', '\t']);
            if (space < 0)
            {
                continue;
            }

            var directive = line[..space];
            var operands = line[(space + 1)..].Split(',', StringSplitOptions.TrimEntries);
            var width = directive switch
            {
                ".byte" => 1,
                ".value" or ".short" or ".2byte" or ".word" => 2,
                ".long" or ".int" or ".4byte" => 4,
                ".quad" or ".8byte" => 8,
                ".zero" or ".skip" or ".space" => -1,
                ".string" or ".ascii" or ".asciz" => throw new ProbeFailedException($"unexpected string data in probe assembly: {line}"),
                _ => 0,
            };
            if (width == 0)
            {
                continue;
            }

            if (width < 0) { current.AddRange(new byte[int.Parse(operands[0], CultureInfo.InvariantCulture)]); continue; }
            foreach (var op in operands)
            {
                var v = unchecked((ulong)ParseInteger(op));
                for (var b = 0; b < width; b++)
                {
                    current.Add((byte)(v >> (8 * b)));
                }
            }
        }
        return objects.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    private static long ParseInteger(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? unchecked((long)ulong.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            : text.StartsWith('-') ? long.Parse(text, CultureInfo.InvariantCulture)
            : unchecked((long)ulong.Parse(text, CultureInfo.InvariantCulture));

    /// <summary>Little-endian 64-bit words from bytes.</summary>
    public static ulong[] Words(byte[] bytes) =>
        Enumerable.Range(0, bytes.Length / 8).Select(i => BitConverter.ToUInt64(bytes, i * 8)).ToArray();

    /// <summary>
    /// Where a bitfield set to all ones lands in an otherwise zero object of a little-endian target:
    /// the first set bit (bits counted from the least significant of each byte) and how many are set.
    /// </summary>
    public static BitfieldFact SetBits(byte[] bytes)
    {
        long first = -1, count = 0;
        for (var i = 0; i < bytes.Length * 8; i++)
        {
            if (((bytes[i / 8] >> (i % 8)) & 1) == 0)
            {
                continue;
            }

            if (first < 0)
            {
                first = i;
            }

            count++;
        }
        return new BitfieldFact(first, count);
    }
}
