using V = AccelInterop.Analyzers.Tests.Verify<AccelInterop.Analyzers.WriteOnlyRequestAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace AccelInterop.Analyzers.Tests;

public class WriteOnlyRequestTests
{
    [Fact]
    public Task Reading_an_unset_member_after_a_write_only_request_is_flagged() => V.Analyzer("""
        class C
        {
            uint M(AccelInterop.Runtime.Devices.DeviceFile f)
            {
                var c = new Gen.create { size = 4096 };
                c.flags = 1;
                f.IoctlOrThrow(Gen.Req.W, ref c);
                return {|#0:c.handle|} + c.flags + (uint)c.size;
            }
        }
        """, V.Diagnostic("UAPI0005").WithLocation(0).WithArguments("handle", "W"));

    [Fact]
    public Task Read_write_requests_and_reads_before_the_call_are_not_flagged() => V.Analyzer("""
        class C
        {
            uint M(AccelInterop.Runtime.Devices.DeviceFile f)
            {
                var c = new Gen.create();
                var before = c.handle;
                f.IoctlOrThrow(Gen.Req.RW, ref c);
                return c.handle + before;
            }
        }
        """);
}
