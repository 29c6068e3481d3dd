using AccelInterop.Conformance.Layout;

namespace AccelInterop.Conformance.Tests;

/// <summary>The text formats the oracle reads: compiler diagnostics and clang's record layout dump.</summary>
public sealed class ParserTests
{
    [Fact]
    public void Gcc_and_clang_static_assert_failures_map_to_line_and_fact_id()
    {
        const string text = """
            In file included from ai-layout-probe.c:2:
            ai-layout-probe.c:7:1: error: static assertion failed: "AI#5 Size foo"
            ai-layout-probe.c:9:16: error: static assertion failed due to requirement 'sizeof(struct foo) == 16': AI#7 Size foo
            ai-layout-probe.c:9:35: note: expression evaluates to '12 == 16'
            /h/asm-generic/ioctl.h:83:25: error: 'NOPE' undeclared here (not in a function)
            ai-layout-probe.c:12:16: note: in expansion of macro '_IOC_SIZE'
            """;
        var d = CompilerDiagnostics.Parse(text);

        Assert.Equal(3, d.Count);
        Assert.Equal((7, 5), (d[0].LineIn("ai-layout-probe.c")!.Value, CompilerDiagnostics.FactIdIn(d[0].Message)!.Value));
        Assert.True(CompilerDiagnostics.IsStaticAssertFailure(d[1].Message));
        Assert.Equal(7, CompilerDiagnostics.FactIdIn(d[1].Message));
        Assert.Single(d[1].Notes);
        Assert.Equal(12, d[2].LineIn("ai-layout-probe.c"));
        Assert.False(CompilerDiagnostics.IsStaticAssertFailure(d[2].Message));
    }

    [Fact]
    public void Value_probe_bounds_are_read_from_either_compiler()
    {
        Assert.Equal(17, CompilerDiagnostics.ArrayBoundIn("invalid operands to binary * (have 'char (*)[17]' and 'int')"));
        Assert.Equal(65536, CompilerDiagnostics.ArrayBoundIn("invalid operands to binary expression ('char (*)[65536]' and 'int')"));
    }

    [Fact]
    public void Layout_dump_paths_follow_c_member_names()
    {
        const string dump = """

            *** Dumping AST Record Layout
                     0 | struct __ai_bf_1
                     0 |   struct foo m
                     0 |     unsigned int a
                    16 |     struct foo::(unnamed at /x/t.h:1:52) n
                    16 |       int x
                    24 |     union foo::(anonymous at /x/t.h:1:76) 
                    24 |       int u1
                28:0-2 |     unsigned int bf1
                28:3-9 |     unsigned int bf2
                    32 |     void (*)(int) fp
                    40 |     struct bar[2] arr
                       | [sizeof=56, align=8]

            """;
        var r = Assert.Single(RecordLayoutDump.Parse(dump));

        Assert.Equal("struct __ai_bf_1", r.Name);
        Assert.Equal((56L, 8L), (r.Size!.Value, r.Align!.Value));
        Assert.Equal(["m", "m.a", "m.n", "m.n.x", "m.u1", "m.bf1", "m.bf2", "m.fp", "m.arr"], r.Members.Select(m => m.Path));
        var bf2 = r.Members.Single(m => m.Path == "m.bf2");
        Assert.Equal((28 * 8 + 3, 7), (bf2.BitOffset, bf2.BitWidth));
        Assert.False(r.Members.Single(m => m.Path == "m.u1").IsBitfield);
    }
}
