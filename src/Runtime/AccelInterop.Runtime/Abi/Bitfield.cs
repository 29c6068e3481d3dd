namespace AccelInterop.Runtime.Abi;

/// <summary>
/// The logic of generated bitfield properties, once: generated code names the storage unit, its
/// width and the member's bits, and converts to and from the member's type. <c>bit</c> counts in
/// allocation order, as the C compiler lays bitfields out: from the least significant bit of the
/// unit on little-endian targets, from the most significant one on big-endian targets.
/// </summary>
public static class Bitfield
{
    /// <summary>The member's bits, zero-extended.</summary>
    public static ulong Get(ulong unit, int unitBits, int bit, int width) =>
        (unit >> Shift(unitBits, bit, width)) & Mask(width);

    /// <summary>The member's bits, sign-extended from its top bit (a signed bitfield).</summary>
    public static long GetSigned(ulong unit, int unitBits, int bit, int width)
    {
        var s = Shift(unitBits, bit, width);
        return (long)(unit << (64 - s - width)) >> (64 - width);
    }

    /// <summary>The unit with the member's bits replaced by the low <paramref name="width"/> bits of <paramref name="value"/>.</summary>
    public static ulong Set(ulong unit, int unitBits, int bit, int width, ulong value)
    {
        var s = Shift(unitBits, bit, width);
        var mask = Mask(width);
        return (unit & ~(mask << s)) | ((value & mask) << s);
    }

    private static int Shift(int unitBits, int bit, int width) => BitConverter.IsLittleEndian ? bit : unitBits - bit - width;

    private static ulong Mask(int width) => width >= 64 ? ulong.MaxValue : (1UL << width) - 1;
}
