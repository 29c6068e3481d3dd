using V = AccelInterop.Analyzers.Tests.Verify<AccelInterop.Analyzers.ZeroInitAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace AccelInterop.Analyzers.Tests;

public class ZeroInitTests
{
    [Fact]
    public Task Skip_init_and_skip_locals_init_arguments_are_flagged() => V.Analyzer("""
        using System.Runtime.CompilerServices;
        class C
        {
            void A(AccelInterop.Runtime.Devices.DeviceFile f)
            {
                {|#0:Unsafe.SkipInit(out Gen.create c)|};
                c.size = 1;
                f.IoctlOrThrow(Gen.Req.RW, ref c);
            }

            [SkipLocalsInit]
            unsafe void B(AccelInterop.Runtime.Devices.DeviceFile f)
            {
                Gen.create {|#1:c|};
                c.size = 1; c.flags = 0; c.pad = 0; c.pad2 = default; c.handle = 0;
                f.IoctlOrThrow(Gen.Req.RW, ref c);
            }
        }
        """,
        V.Diagnostic("UAPI0007").WithLocation(0).WithArguments("c", "Unsafe.SkipInit"),
        V.Diagnostic("UAPI0007").WithLocation(1).WithArguments("c", "[SkipLocalsInit]"));

    [Fact]
    public Task Zeroed_locals_and_locals_not_passed_to_ioctls_are_not_flagged() => V.Analyzer("""
        using System.Runtime.CompilerServices;
        class C
        {
            [SkipLocalsInit]
            void A(AccelInterop.Runtime.Devices.DeviceFile f)
            {
                var c = new Gen.create { size = 1 };
                f.IoctlOrThrow(Gen.Req.RW, ref c);
                Gen.create d = default;
                f.IoctlOrThrow(Gen.Req.RW, ref d);
                Unsafe.SkipInit(out Gen.create e);
                e = default;
                _ = e;
            }

            void B(AccelInterop.Runtime.Devices.DeviceFile f)
            {
                Gen.create c;
                c.size = 1; c.flags = 0; c.pad = 0; c.pad2 = default; c.handle = 0;
                f.IoctlOrThrow(Gen.Req.RW, ref c);
            }
        }
        """);
}
