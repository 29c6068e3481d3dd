using V = AccelInterop.Analyzers.Tests.Verify<AccelInterop.Analyzers.RawRequestAnalyzer, AccelInterop.Analyzers.CodeFixes.NamedRequestCodeFix>;

namespace AccelInterop.Analyzers.Tests;

public class RawRequestTests
{
    [Fact]
    public Task Literal_numbers_of_generated_requests_are_flagged_and_replaced() => V.Fix("""
        unsafe class C
        {
            void M(AccelInterop.Runtime.Devices.DeviceFile f, void* p)
            {
                f.Ioctl({|#0:0xC0206442|}, p);
                f.Ioctl({|#1:0x6443UL|}, (void*)null);
                f.Ioctl({|#2:0x40206441|}, p);
            }
        }
        """, """
        unsafe class C
        {
            void M(AccelInterop.Runtime.Devices.DeviceFile f, void* p)
            {
                f.Ioctl(Gen.Req.RW.Value, p);
                f.Ioctl(Gen.Req.Plain.Value, (void*)null);
                f.Ioctl(Gen.Req.W.Value, p);
            }
        }
        """,
        V.Diagnostic("UAPI0003").WithLocation(0).WithArguments("0xc0206442", "Gen.Req.RW"),
        V.Diagnostic("UAPI0003").WithLocation(1).WithArguments("0x6443", "Gen.Req.Plain"),
        V.Diagnostic("UAPI0003").WithLocation(2).WithArguments("0x40206441", "Gen.Req.W"));

    [Fact]
    public Task Unknown_numbers_other_sizes_and_named_requests_are_not_flagged() => V.Analyzer("""
        unsafe class C
        {
            void M(AccelInterop.Runtime.Devices.DeviceFile f, void* p, ulong r)
            {
                f.Ioctl(0x541B, p);
                f.Ioctl(0xC0306442, p);
                f.Ioctl(r, p);
                f.Ioctl(Gen.Req.RW.Value, p);
            }
        }
        """);
}
