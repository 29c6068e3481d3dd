using V = AccelInterop.Analyzers.Tests.Verify<AccelInterop.Analyzers.FlagFamilyAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace AccelInterop.Analyzers.Tests;

public class FlagFamilyTests
{
    [Fact]
    public Task Constants_with_bits_outside_the_family_are_flagged() => V.Analyzer("""
        class C
        {
            void M(Gen.create c)
            {
                c.flags = {|#0:4|};
                c.flags |= {|#1:0x13|};
                c.flags = {|#2:(uint)Gen.CREATE_FLAG.CREATE_FLAG_A | 0x100|};
            }
        }
        """,
        V.Diagnostic("UAPI0002").WithLocation(0).WithArguments("flags", "CREATE_FLAG", 4UL),
        V.Diagnostic("UAPI0002").WithLocation(1).WithArguments("flags", "CREATE_FLAG", 0x10UL),
        V.Diagnostic("UAPI0002").WithLocation(2).WithArguments("flags", "CREATE_FLAG", 0x100UL));

    [Fact]
    public Task Family_members_zero_and_runtime_values_are_not_flagged() => V.Analyzer("""
        class C
        {
            void M(Gen.create c, uint x)
            {
                c.flags = (uint)(Gen.CREATE_FLAG.CREATE_FLAG_A | Gen.CREATE_FLAG.CREATE_FLAG_C);
                c.flags = 0;
                c.flags = 0xB;
                c.flags = x;
                c.size = 4;
                c.flags &= 4;
            }
        }
        """);
}
