using V = AccelInterop.Analyzers.Tests.Verify<AccelInterop.Analyzers.MarshalLayoutAnalyzer, AccelInterop.Analyzers.CodeFixes.UnsafeSizeOfCodeFix>;

namespace AccelInterop.Analyzers.Tests;

public class MarshalLayoutTests
{
    [Fact]
    public Task Marshal_sizeof_on_a_uapi_struct_is_flagged_and_becomes_unsafe_sizeof() => V.Fix("""
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        class C
        {
            int A() => {|#0:Marshal.SizeOf<Gen.create>()|};
            int B() => {|#1:Marshal.SizeOf(typeof(Gen.create))|};
        }
        """, """
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        class C
        {
            int A() => Unsafe.SizeOf<Gen.create>();
            int B() => Unsafe.SizeOf<Gen.create>();
        }
        """,
        V.Diagnostic("UAPI0009").WithLocation(0).WithArguments("Marshal.SizeOf", "create"),
        V.Diagnostic("UAPI0009").WithLocation(1).WithArguments("Marshal.SizeOf", "create"));

    [Fact]
    public Task Marshal_offsetof_is_flagged_without_a_fix() => V.Fix("""
        using System.Runtime.InteropServices;
        class C
        {
            nint A() => {|#0:Marshal.OffsetOf<Gen.create>("pad")|};
        }
        """, """
        using System.Runtime.InteropServices;
        class C
        {
            nint A() => {|#0:Marshal.OffsetOf<Gen.create>("pad")|};
        }
        """, V.Diagnostic("UAPI0009").WithLocation(0).WithArguments("Marshal.OffsetOf", "create"));

    [Fact]
    public Task Other_structs_and_other_calls_are_not_flagged() => V.Analyzer("""
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        struct Plain { public int A; public long B; }
        class C
        {
            int A() => Marshal.SizeOf<Plain>();
            int B() => Unsafe.SizeOf<Gen.create>();
            nint D() => Marshal.OffsetOf<Plain>("B");
        }
        """);
}
