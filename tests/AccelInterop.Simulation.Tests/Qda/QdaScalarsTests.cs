using AccelInterop.Simulation.Qda;

namespace AccelInterop.Simulation.Tests.Qda;

/// <summary>The scalars word (qda.md §1): every field at every width round-trips and stays in its bits.</summary>
public sealed class QdaScalarsTests
{
    public static TheoryData<string, int> Fields => new()
    {
        { "attributes", 3 }, { "method", 5 }, { "inBuffers", 8 }, { "outBuffers", 8 }, { "inHandles", 4 }, { "outHandles", 4 },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void S1_each_field_round_trips_at_every_value_of_its_width_and_touches_no_other(string field, int width)
    {
        for (uint value = 0; value < 1u << width; value++)
        {
            FastRpcScalars sc = field switch
            {
                "attributes" => FastRpcScalars.Build(0, 0, 0, attributes: value),
                "method" => FastRpcScalars.Build(value, 0, 0),
                "inBuffers" => FastRpcScalars.Build(0, value, 0),
                "outBuffers" => FastRpcScalars.Build(0, 0, value),
                "inHandles" => FastRpcScalars.Build(0, 0, 0, inHandles: value),
                _ => FastRpcScalars.Build(0, 0, 0, outHandles: value),
            };
            uint[] fields = [sc.Attributes, sc.Method, (uint)sc.InBuffers, (uint)sc.OutBuffers, (uint)sc.InHandles, (uint)sc.OutHandles];
            int index = Array.IndexOf(["attributes", "method", "inBuffers", "outBuffers", "inHandles", "outHandles"], field);
            for (int i = 0; i < fields.Length; i++)
            {
                Assert.Equal(i == index ? value : 0u, fields[i]);
            }

            Assert.Equal(sc, new FastRpcScalars(sc.Value));
        }
    }

    [Fact]
    public void S1_the_bit_positions_and_the_descriptor_count()
    {
        FastRpcScalars sc = FastRpcScalars.Build(method: 0x1f, inBuffers: 0xff, outBuffers: 0xff, inHandles: 0xf, outHandles: 0xf, attributes: 7);
        Assert.Equal(0xFFFF_FFFFu, sc.Value);
        Assert.Equal(0x0602_0000u, FastRpcScalars.Build(6, 2, 0).Value); // INIT_CREATE-like: method at 28:24, in-buffers at 23:16
        Assert.Equal(0x0000_0100u, FastRpcScalars.Build(0, 0, 1).Value);
        Assert.Equal(0x0000_0021u, FastRpcScalars.Build(0, 0, 0, 2, 1).Value);
        Assert.Equal(0x2000_0000u, FastRpcScalars.Build(0, 0, 0, attributes: 1).Value);
        Assert.Equal(255 + 255 + 15 + 15, sc.Length);
        Assert.Equal(510, sc.Buffers);

        // One past the width is masked off, not carried into the neighbour.
        FastRpcScalars over = FastRpcScalars.Build(1u << 5, 1u << 8, 1u << 8, 1u << 4, 1u << 4, 1u << 3);
        Assert.Equal(0u, over.Value);
    }
}
