using AccelInterop.Model.Facts;
using AccelInterop.Model.Json;

namespace AccelInterop.Model.Tests;

public class FactsWriterTests
{
    [Fact]
    public void Paths_follow_C_member_naming()
    {
        var facts = JsonReader.Parse(FactsWriter.Write(SampleModel.Build(), SampleModel.I386)).AsObject();
        Assert.Equal(SampleModel.I386, facts.Required("target").AsString());
        var records = facts.Required("records").AsObject();
        Assert.Null(records.Get("demo_outer::anon0")); // anonymous records are flattened into their parent
        var outer = records.Required("demo_outer").AsObject();
        var fields = outer.Required("fields").AsObject();
        var names = fields.Members.Select(m => m.Key).ToList();
        Assert.Equal(new[] { "as_u64", "as_ptr", "inner", "inner.lo", "inner.hi", "data" }, names);
        // An anonymous member's fields are offset by the member; nested ones by their parent.
        Assert.Equal(4, fields.Required("as_u64").AsInt64());
        Assert.Equal(12 + 4, fields.Required("inner.hi").AsInt64());
        var bits = outer.Required("bitfields").AsObject();
        Assert.Equal(3, bits.Required("mode").AsObject().Required("bitOffset").AsInt64());
        Assert.Equal(5, bits.Required("mode").AsObject().Required("bitWidth").AsInt64());
    }

    [Fact]
    public void Constants_include_requests_and_enumerators_and_respect_targets()
    {
        var c = FactsWriter.Constants(SampleModel.Build(), SampleModel.I386);
        Assert.Equal(0xC01C6440, (long)c["DEMO_IOCTL"]);
        Assert.Equal(uint.MaxValue, (uint)c["DEMO_ALL"]);
        Assert.Equal(-1, (int)c["DEMO_NEG"]);
        Assert.False(c.ContainsKey("DEMO_ONLY_X64"));
    }
}
