using AccelInterop.Model.Serialization;

namespace AccelInterop.Model.Tests;

public class ModelJsonTests
{
    [Fact]
    public void Round_trip_is_byte_identical()
    {
        var first = ModelWriter.Write(SampleModel.Build());
        var second = ModelWriter.Write(ModelReader.Read(first));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Output_does_not_depend_on_declaration_order()
    {
        var m = SampleModel.Build();
        var shuffled = new UapiModel(m.Source, m.Headers, m.Targets, m.Typedefs.Reverse().ToList(), m.Records.Reverse().ToList(),
            m.Enums, m.Constants.Reverse().ToList(), m.Ioctls.Reverse().ToList(), m.Diagnostics);
        Assert.Equal(ModelWriter.Write(m), ModelWriter.Write(shuffled));
    }

    [Fact]
    public void Values_beyond_double_precision_stay_exact()
    {
        var json = ModelWriter.Write(SampleModel.Build());
        Assert.Contains("18446744073709551615", json);
        var back = ModelReader.Read(json);
        Assert.Equal(ulong.MaxValue, (ulong)back.Enums[0].Enumerators[1].Value.Value);
        Assert.Equal(-1, (long)back.Enums[0].Enumerators[0].Value.Value);
    }

    [Fact]
    public void Per_target_values_are_marked_only_where_targets_differ()
    {
        var back = ModelReader.Read(ModelWriter.Write(SampleModel.Build()));
        var outer = back.FindRecord("demo_outer")!;
        Assert.False(outer.Size.IsUniform);
        Assert.Equal(28, outer.Size.For(SampleModel.I386));
        Assert.True(outer.Fields[0].Offset.IsUniform);
        var u64 = back.FindTypedef("__u64")!;
        Assert.False(u64.Underlying.IsUniform);
        Assert.Equal("unsigned long", u64.Underlying.For(SampleModel.X64).Name);
        Assert.Equal(new[] { SampleModel.X64 }, back.Constants.Single(c => c.Name == "DEMO_ONLY_X64").Targets);
    }

    [Fact]
    public void Uniform_values_collapse()
    {
        var p = PerTarget<long>.From([new("a", 4), new("b", 4)]);
        Assert.True(p.IsUniform);
        Assert.Equal(4, p.For("anything"));
    }

    [Theory]
    [InlineData("{\"schema\": \"accelinterop.uapi/9\"}", 1, "schema")]
    [InlineData("{\n\"schema\": \"accelinterop.uapi/1\",\n\"records\": [ {\"id\": 3, \"kind\": \"struct\"} ]\n}", 3, "expected a string")]
    [InlineData("{\n\"schema\": \"accelinterop.uapi/1\",\n  \"targets\": [,]\n}", 3, "unexpected character")]
    public void Bad_input_names_the_line(string json, int line, string fragment)
    {
        var e = Assert.Throws<ModelFormatException>(() => ModelReader.Read(json));
        Assert.Equal(line, e.Line);
        Assert.Contains(fragment, e.Message);
    }
}
