using V = AccelInterop.Analyzers.Tests.Verify<AccelInterop.Analyzers.DiscardedResultAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace AccelInterop.Analyzers.Tests;

public class DiscardedResultTests
{
    private const string Request = "static AccelInterop.Runtime.Ioctl.IoctlRequest<Gen.create> R => default;";

    [Fact]
    public Task An_ioctl_call_used_as_a_statement_is_flagged() => V.Analyzer($$"""
        class C
        {
            {{Request}}
            void M(AccelInterop.Runtime.Devices.DeviceFile f, Gen.create c)
            {
                {|#0:f.Ioctl(R, ref c)|};
            }
        }
        """, V.Diagnostic("UAPI0006").WithLocation(0).WithArguments("Ioctl"));

    [Fact]
    public Task Checked_assigned_and_throwing_calls_are_not_flagged() => V.Analyzer($$"""
        class C
        {
            {{Request}}
            int M(AccelInterop.Runtime.Devices.DeviceFile f, Gen.create c)
            {
                var r = f.Ioctl(R, ref c);
                if (f.Ioctl(R, ref c).Error != AccelInterop.Runtime.Errors.Errno.None) return 1;
                f.IoctlOrThrow(R, ref c);
                _ = r;
                return 0;
            }
        }
        """);
}
