using AccelInterop.Conformance.Layout;
using AccelInterop.Model;
using AccelInterop.Model.Targets;
using Xunit.Abstractions;

namespace AccelInterop.EndToEnd.Tests;

/// <summary>
/// A header of ours with one of each construct (bitfields incl. zero-width and signed,
/// packed, aligned, nested named and anonymous records, 2-D and flexible arrays, enums with
/// negative, unsigned and 64-bit values, typedef chains, __le/__be types, requests through
/// wrapper macros): every target, checked against the compilers.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public class FeatureHeaderTests(ITestOutputHelper output)
{
    private static UapiModel Model => UapiHeaders.Model("demo/features.h", UapiHeaders.FixturesDir);

    public static TheoryData<string> Targets() => new(UapiHeaders.AllTargets);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Model_matches_the_compiler(string target)
    {
        var result = LayoutOracle.Verify(Model, target, UapiHeaders.Oracle(UapiHeaders.FixturesDir));
        output.WriteLine($"{target}: {result.Checked}");
        Assert.True(result.IsClean, string.Join("\n", result.Findings));
        Assert.Equal(8, result.Checked.Bitfields); // the named bitfields of feat_bits and feat_packed
        Assert.Equal(7, result.Checked.Ioctls);
    }

    [Fact]
    public void Everything_in_the_header_is_in_the_model()
    {
        var m = Model;
        Assert.DoesNotContain(m.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        // The one string macro is noted, not silently dropped.
        Assert.Contains(m.Diagnostics, d => d.Code == AccelInterop.Scanner.Scanning.ScanDiagnosticCodes.NotIntegerConstant && d.Message.Contains("FEAT_NAME"));
        var nested = m.FindRecord("feat_nested")!;
        Assert.Null(nested.Fields.Single(f => f.Type.Kind == TypeRefKind.Record && m.FindRecord(f.Type.Name!)!.Kind == RecordKind.Union).Name);
        Assert.Equal(TypeRef.Array(TypeRef.Array(TypeRef.Typedef("__u32"), 3), 2), nested.Fields.Single(f => f.Name == "matrix").Type);
        Assert.True(nested.Fields.Single(f => f.Name == "tail").IsFlexibleArray);
        Assert.Equal(TypeRef.Typedef("__le32"), m.FindRecord("feat_nested::anon1")!.Fields[0].Type);
        Assert.Equal(TypeRef.Typedef("feat_handle_t"), m.FindTypedef("feat_ctx_t")!.Underlying.Value);
        Assert.True(m.FindRecord("feat_packed")!.IsPacked);
        Assert.Equal("feat_typedef_only", m.FindRecord("feat_typedef_only")!.TypedefName);
        Assert.Null(m.FindRecord("feat_typedef_only")!.Tag);
        Assert.Contains(m.Enums, e => e.Tag == null && e.TypedefName == null && e.Enumerators.Any(x => x.Name == "FEAT_ANON_B"));
        Assert.Equal(ulong.MaxValue, (ulong)m.FindEnum("feat_wide")!.Enumerators.Single(x => x.Name == "FEAT_W_MAX").Value.Value);
        var wrapped = m.Ioctls.Single(i => i.Name == "FEAT_IOCTL_WRAPPED");
        Assert.Equal(TypeRef.Record("feat_packed"), wrapped.Argument);
        Assert.Null(m.Ioctls.Single(i => i.Name == "FEAT_IOCTL_NONE").Argument);
        Assert.Equal(TypeRef.Typedef("__u32"), m.Ioctls.Single(i => i.Name == "FEAT_IOCTL_SCALAR").Argument);
    }

    [Fact]
    public void Targets_differ_where_the_ABI_does()
    {
        // Both numbers are proved by the compiler test above; here: the model marks the difference.
        var unaligned = Model.FindRecord("feat_unaligned_u64")!;
        Assert.NotEqual(unaligned.Size.For(LinuxTargets.X86_64.Triple), unaligned.Size.For(LinuxTargets.I386.Triple));
        Assert.True(Model.FindRecord("feat_aligned_u64")!.Size.IsUniform);
        Assert.False(Model.Constants.Single(c => c.Name == "FEAT_ALL_LONG").Value.IsUniform);
    }
}
