using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AccelInterop.Runtime.Abi;

/// <summary>
/// The measuring half of the generated layout self-checks (<c>*Layout.Check()</c>): generated
/// code holds only the expected tables per target and calls these, so the logic lives once.
/// </summary>
public static class LayoutCheck
{
    /// <summary>Writes one member of a record (the generated code's bitfield setter).</summary>
    public delegate void Setter<T>(ref T record);

    /// <summary>Adds a row: the compiled value and the expected one for <paramref name="arch"/> (-1 when the table has none).</summary>
    public static void Row(List<(string Symbol, long Actual, long Expected)> rows, string symbol, long actual, int arch,
        ReadOnlySpan<long> expected) =>
        rows.Add((symbol, actual, arch < 0 || arch >= expected.Length ? -1 : expected[arch]));

    /// <summary>A member's byte offset in the compiled struct.</summary>
    public static void Offset<TRecord, TField>(List<(string Symbol, long Actual, long Expected)> rows, string symbol,
        ref TRecord record, ref TField field, int arch, ReadOnlySpan<long> expected) =>
        Row(rows, symbol, (long)Unsafe.ByteOffset(ref Unsafe.As<TRecord, byte>(ref record), ref Unsafe.As<TField, byte>(ref field)),
            arch, expected);

    /// <summary>
    /// Sets one bitfield to all ones on a zeroed record and reads back where its bits landed:
    /// little-endian targets allocate from the least significant bit of a byte, big-endian from the most.
    /// </summary>
    public static void Bits<T>(List<(string Symbol, long Actual, long Expected)> rows, string symbol, Setter<T> set, int arch,
        ReadOnlySpan<long> expectedBit, ReadOnlySpan<long> expectedWidth) where T : unmanaged
    {
        var record = default(T);
        set(ref record);
        var bytes = MemoryMarshal.AsBytes(new Span<T>(ref record));
        long first = -1, count = 0;
        for (var i = 0; i < bytes.Length * 8; i++)
        {
            if (((bytes[i / 8] >> (BitConverter.IsLittleEndian ? i % 8 : 7 - i % 8)) & 1) == 0)
            {
                continue;
            }

            if (first < 0)
            {
                first = i;
            }

            count++;
        }
        Row(rows, symbol + ":bit", first, arch, expectedBit);
        Row(rows, symbol + ":width", count, arch, expectedWidth);
    }
}
