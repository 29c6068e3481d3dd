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
        var shuffled = m.With(typedefs: m.Typedefs.Reverse().ToList(), records: m.Records.Reverse().ToList(),
            constants: m.Constants.Reverse().ToList(), ioctls: m.Ioctls.Reverse().ToList());
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
    [InlineData("{\n\"schema\": \"accelinterop.uapi/2\",\n\"records\": [ {\"id\": 3, \"kind\": \"struct\"} ]\n}", 3, "expected a string")]
    [InlineData("{\n\"schema\": \"accelinterop.uapi/2\",\n  \"targets\": [,]\n}", 3, "unexpected character")]
    [InlineData("{\n\"schema\": \"accelinterop.uapi/2\",\n  \"targets\": [{\"triple\": \"t\", \"pointerSize\": 8, \"longSize\": 8,\n \"int64Align\": 8, \"byteOrder\": \"middle\"}]\n}", 3, "byte order")]
    public void Bad_input_names_the_line(string json, int line, string fragment)
    {
        var e = Assert.Throws<ModelFormatException>(() => ModelReader.Read(json));
        Assert.Equal(line, e.Line);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void A_model_of_the_previous_schema_names_the_scan_that_regenerates_it()
    {
        // What accelgen scan wrote before target facts: the targets were bare triples.
        var triples = Targets.LinuxTargets.All.Select(t => $"\"{t.Triple}\"");
        var old = $"{{\"schema\": \"accelinterop.uapi/1\", \"headers\": [{{\"path\": \"drm/xe_drm.h\", \"sha256\": \"00\"}}], " +
                  $"\"targets\": [{string.Join(", ", triples)}]}}";

        var e = Assert.Throws<ModelFormatException>(() => ModelReader.Read(old, "models/xe.uapi.json"));

        Assert.Equal("schema 'accelinterop.uapi/1' is not 'accelinterop.uapi/2' (this accelgen's); regenerate the model: " +
                     "accelgen scan --header drm/xe_drm.h --target all --out models/xe.uapi.json", e.Message);
    }

    [Fact]
    public void Target_facts_round_trip()
    {
        var back = ModelReader.Read(ModelWriter.Write(SampleModel.Build()));
        var abi = back.AbiOf(SampleModel.I386);
        Assert.Equal((4, 4, 4, ByteOrder.Little), (abi.PointerSize, abi.LongSize, abi.Int64Align, abi.ByteOrder));
        Assert.Equal(SampleModel.Build().AbiOf(SampleModel.I386).Ioctl, abi.Ioctl);
        Assert.Equal(["stdint.h"], back.Includes);
        Assert.Equal(["linux/ioctl.h"], back.Headers.Single().CallerIncludes);
    }
}
