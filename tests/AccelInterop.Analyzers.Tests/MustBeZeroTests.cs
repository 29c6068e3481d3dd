using V = AccelInterop.Analyzers.Tests.Verify<AccelInterop.Analyzers.MustBeZeroAnalyzer, AccelInterop.Analyzers.CodeFixes.WriteZeroCodeFix>;

namespace AccelInterop.Analyzers.Tests;

public class MustBeZeroTests
{
    [Fact]
    public Task Non_zero_constants_to_a_must_be_zero_member_and_its_elements_are_flagged_and_fixed() => V.Fix("""
        class C
        {
            void M(Gen.create c)
            {
                {|#0:c.pad = 1|};
                {|#1:c.pad2[0] = 7|};
                var d = new Gen.create { {|#2:pad = 2|} };
            }
        }
        """, """
        class C
        {
            void M(Gen.create c)
            {
                c.pad = 0;
                c.pad2[0] = 0;
                var d = new Gen.create { pad = 0 };
            }
        }
        """,
        V.Diagnostic("UAPI0001").WithLocation(0).WithArguments("pad", 1),
        V.Diagnostic("UAPI0001").WithLocation(1).WithArguments("pad2", 7),
        V.Diagnostic("UAPI0001").WithLocation(2).WithArguments("pad", 2));

    [Fact]
    public Task Zero_non_constant_and_other_members_are_not_flagged() => V.Analyzer("""
        class C
        {
            void M(Gen.create c, uint x)
            {
                c.pad = 0;
                c.pad2[1] = 0;
                c.pad = x;
                c.handle = 5;
                c.pad &= 3;
            }
        }
        """);


    [Fact]
    public Task A_scalar_written_to_a_must_be_zero_array_member_is_named_beside_the_compiler_error() => V.Analyzer("""
        class C
        {
            void M(Gen.create c)
            {
                {|#0:c.pad2 = {|CS0029:1|}|};
            }
        }
        """, V.Diagnostic("UAPI0001").WithLocation(0).WithArguments("pad2", 1));
}
