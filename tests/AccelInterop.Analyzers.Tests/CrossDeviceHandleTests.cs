using V = AccelInterop.Analyzers.Tests.Verify<AccelInterop.Analyzers.CrossDeviceHandleAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace AccelInterop.Analyzers.Tests;

public class CrossDeviceHandleTests
{
    private const string Files = "AccelInterop.Runtime.Devices.DeviceFile a, AccelInterop.Runtime.Devices.DeviceFile b";

    [Fact]
    public Task A_handle_from_one_file_passed_to_another_is_flagged() => V.Analyzer($$"""
        class C
        {
            void M({{Files}})
            {
                var created = new Gen.exec();
                a.IoctlOrThrow(Gen.Req.Exec, ref created);
                var use = new Gen.exec();
                {|#0:use.handle = created.handle|};
                b.IoctlOrThrow(Gen.Req.Exec, ref use);
            }
        }
        """, V.Diagnostic("UAPI0008").WithLocation(0).WithArguments("handle", "a", "b"));

    [Fact]
    public Task Same_file_and_file_descriptors_are_not_flagged() => V.Analyzer($$"""
        class C
        {
            void M({{Files}})
            {
                var created = new Gen.exec();
                a.IoctlOrThrow(Gen.Req.Exec, ref created);
                var use = new Gen.exec();
                use.handle = created.handle;
                a.IoctlOrThrow(Gen.Req.Exec, ref use);
                var import = new Gen.exec();
                import.fd = created.fd;
                b.IoctlOrThrow(Gen.Req.Exec, ref import);
            }
        }
        """);
}
