using AccelInterop.Runtime.Abi;

namespace AccelInterop.Runtime.Tests.Abi;

/// <summary>
/// Bitfield placement in allocation order (the rule gcc follows: little-endian fills a unit from its
/// least significant bit). The generated accessors are checked against gcc by the emitter's baseline
/// tests; these pin the helper's own arithmetic on the running (little- or big-endian) machine.
/// </summary>
public sealed class BitfieldTests
{
    private static int Shift(int unitBits, int bit, int width) => BitConverter.IsLittleEndian ? bit : unitBits - bit - width;

    [Theory]
    [InlineData(32, 0, 4, 0xFUL)]
    [InlineData(32, 4, 5, 0x13UL)]
    [InlineData(8, 7, 1, 1UL)]
    [InlineData(64, 0, 64, ulong.MaxValue)]
    [InlineData(64, 63, 1, 1UL)]
    public void Set_then_get_round_trips_and_touches_only_its_bits(int unitBits, int bit, int width, ulong value)
    {
        var unitMask = unitBits == 64 ? ulong.MaxValue : (1UL << unitBits) - 1;
        var mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        var unit = Bitfield.Set(0, unitBits, bit, width, value);
        Assert.Equal(value & mask, Bitfield.Get(unit, unitBits, bit, width));
        Assert.Equal((value & mask) << Shift(unitBits, bit, width), unit);
        // All other bits of a full unit survive a write of zero.
        var cleared = Bitfield.Set(unitMask, unitBits, bit, width, 0);
        Assert.Equal(unitMask & ~(mask << Shift(unitBits, bit, width)), cleared);
    }

    [Fact]
    public void Signed_fields_sign_extend_from_their_top_bit()
    {
        var unit = Bitfield.Set(0, 32, 4, 5, unchecked((ulong)-3L));
        Assert.Equal(-3, Bitfield.GetSigned(unit, 32, 4, 5));
        Assert.Equal(29UL, Bitfield.Get(unit, 32, 4, 5));
        Assert.Equal(15, Bitfield.GetSigned(Bitfield.Set(0, 32, 4, 5, 15), 32, 4, 5));
    }

    [Fact]
    public void A_value_wider_than_the_field_is_cut_to_its_width()
    {
        var unit = Bitfield.Set(0, 32, 9, 1, 0xFF);
        Assert.Equal(1UL, Bitfield.Get(unit, 32, 9, 1));
        Assert.Equal(1UL << Shift(32, 9, 1), unit);
    }

    [Fact]
    public void Flexible_array_span_starts_after_the_offset_and_size_counts_the_elements()
    {
        Span<uint> buffer = stackalloc uint[6];
        ref var head = ref buffer[0];
        var tail = FlexibleArray.Span<uint, uint>(ref head, 8, 3);
        tail[0] = 7;
        Assert.Equal(7u, buffer[2]);
        Assert.Equal(3, tail.Length);
        Assert.Equal(4 + 3 * 8, FlexibleArray.SizeOf<uint, ulong>(3));
        Assert.Throws<OverflowException>(() => FlexibleArray.SizeOf<uint, ulong>(int.MaxValue));
    }
}
