using System.Numerics;
using AccelInterop.Model;
using AccelInterop.Scanner.Scanning;
using Xunit;

namespace AccelInterop.Scanner.Tests.Scanning;

/// <summary>The merge of per-target snapshots (numbers here are arbitrary data; layouts are checked against compilers elsewhere).</summary>
public class SnapshotMergerTests
{
    private static readonly SourceLocation At = new("x.h", 1);

    private static TargetSnapshot Snap(string target, long size, bool withExtra = false, string memberName = "a")
    {
        var s = new TargetSnapshot(target) { Abi = new TargetAbi(target, 8, 8, 8, ByteOrder.Little, null) };
        s.Records["r"] = new RecordSnapshot("r", RecordKind.Struct, "r", null, null, At, size, 4, false,
            [new FieldSnapshot(memberName, TypeRef.Builtin("int"), 2, 0, 4, null), new FieldSnapshot("b", TypeRef.Builtin("int"), 3, 35, 4, 3)]);
        s.Constants["C"] = new ConstantSnapshot("C", At, "int", 1);
        if (withExtra)
        {
            s.Constants["ONLY"] = new ConstantSnapshot("ONLY", At, "unsigned long", size);
        }

        s.Enums["e"] = new EnumSnapshot("e", "e", null, At, "unsigned int", [new EnumeratorSnapshot("E0", size, 5)]);
        return s;
    }

    [Fact]
    public void Equal_values_collapse_and_differences_are_kept_per_target()
    {
        var m = SnapshotMerger.Merge([Snap("t1", 8), Snap("t2", 12, withExtra: true)], [], [], null);
        var r = m.FindRecord("r")!;
        Assert.False(r.Size.IsUniform);
        Assert.Equal(12, r.Size.For("t2"));
        Assert.True(r.Align.IsUniform);
        Assert.Null(m.Constants.Single(c => c.Name == "C").Targets);
        Assert.Equal(new[] { "t2" }, m.Constants.Single(c => c.Name == "ONLY").Targets);
        Assert.Equal(12, (long)m.Enums[0].Enumerators[0].Value.For("t2"));
        Assert.Empty(m.Diagnostics);
    }

    [Fact]
    public void Bitfield_offsets_name_the_storage_unit()
    {
        var b = SnapshotMerger.Merge([Snap("t1", 8)], [], [], null).FindRecord("r")!.Fields[1];
        Assert.Equal(35, b.Bitfield!.BitOffset.Value);
        Assert.Equal(3, b.Bitfield.BitWidth);
        Assert.Equal(4, b.Offset.Value); // int unit holding bits 32..63
        Assert.Equal(0, SnapshotMerger.StorageOffset(7, 4, 3));
        Assert.Equal(0, SnapshotMerger.StorageOffset(29, 4, 3));
        Assert.Equal(3, SnapshotMerger.StorageOffset(30, 4, 3)); // straddles the unit (packed): its first byte
    }

    [Fact]
    public void Different_members_are_a_diagnostic_not_a_silent_choice()
    {
        var m = SnapshotMerger.Merge([Snap("t1", 8), Snap("t2", 8, memberName: "z")], [], [], null);
        var d = Assert.Single(m.Diagnostics);
        Assert.Equal(ScanDiagnosticCodes.TargetDivergence, d.Code);
        Assert.Equal("t2", d.Target);
        Assert.Equal("a", m.FindRecord("r")!.Fields[0].Name);
    }

    [Fact]
    public void A_diagnostic_on_every_target_is_reported_once()
    {
        var a = Snap("t1", 8);
        var b = Snap("t2", 8);
        foreach (var s in new[] { a, b })
        {
            s.Diagnostics.Add(new ModelDiagnostic(DiagnosticSeverity.Info, "SCAN003", "m", At, s.Target));
        }

        var d = Assert.Single(SnapshotMerger.Merge([a, b], [], [], null).Diagnostics);
        Assert.Null(d.Target);
        _ = BigInteger.One;
    }

    [Fact]
    public void Headers_get_the_caller_include_only_when_the_scan_needed_it_and_they_have_requests()
    {
        SnapshotWithRequest(out var a, "t1", includedCallerIoctl: true);
        SnapshotWithRequest(out var b, "t2", includedCallerIoctl: false);
        var headers = new[] { new HeaderRef("x.h", "00"), new HeaderRef("quiet.h", "01") };

        var m = SnapshotMerger.Merge([a, b], headers, ["stdint.h"], null);

        Assert.Equal(["linux/ioctl.h"], m.Headers.Single(h => h.Path == "x.h").CallerIncludes);
        Assert.Empty(m.Headers.Single(h => h.Path == "quiet.h").CallerIncludes);
        Assert.Equal(["stdint.h"], m.Includes);
        Assert.Equal(["t1", "t2"], m.TargetAbis.Select(t => t.Triple));
        Assert.Empty(SnapshotMerger.Merge([Snap("t1", 8)], headers, [], null).Headers.SelectMany(h => h.CallerIncludes));
    }

    private static void SnapshotWithRequest(out TargetSnapshot s, string target, bool includedCallerIoctl)
    {
        s = Snap(target, 8);
        s.IncludedCallerIoctl = includedCallerIoctl;
        s.Ioctls["X_IOCTL"] = new IoctlSnapshot("X_IOCTL", At, IoctlDirection.None, 0x58, 1, 0, 0x5801, null);
    }
}
