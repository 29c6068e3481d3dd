using V = AccelInterop.Analyzers.Tests.Verify<AccelInterop.Analyzers.UserPointerAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace AccelInterop.Analyzers.Tests;

public class UserPointerTests
{
    [Fact]
    public Task Unpinned_addresses_and_pointers_outliving_their_fixed_scope_are_flagged() => V.Analyzer("""
        using System.Runtime.CompilerServices;
        unsafe class C
        {
            byte[] _buffer = new byte[64];

            void A(AccelInterop.Runtime.Devices.DeviceFile f)
            {
                var e = new Gen.exec();
                e.data_ptr = (ulong){|#0:Unsafe.AsPointer(ref _buffer[0])|};
                f.IoctlOrThrow(Gen.Req.Exec, ref e);
            }

            void B(AccelInterop.Runtime.Devices.DeviceFile f, byte[] data)
            {
                var e = new Gen.exec();
                fixed (byte* p = data)
                {
                    e.data_ptr = (ulong)p;
                }
                {|#1:f.IoctlOrThrow(Gen.Req.Exec, ref e)|};
            }
        }
        """,
        V.Diagnostic("UAPI0004").WithLocation(0).WithArguments("data_ptr", "it is the address of managed memory that is not pinned"),
        V.Diagnostic("UAPI0004").WithLocation(1).WithArguments("data_ptr", "it was pinned by a fixed statement (line 16) that has ended before this call"));

    [Fact]
    public Task Calls_inside_the_fixed_scope_and_stack_addresses_are_not_flagged() => V.Analyzer("""
        using System.Runtime.CompilerServices;
        unsafe class C
        {
            void A(AccelInterop.Runtime.Devices.DeviceFile f, byte[] data)
            {
                var e = new Gen.exec();
                fixed (byte* p = data)
                {
                    e.data_ptr = (ulong)p;
                    f.IoctlOrThrow(Gen.Req.Exec, ref e);
                }
                long onStack = 0;
                e.data_ptr = (ulong)Unsafe.AsPointer(ref onStack);
                f.IoctlOrThrow(Gen.Req.Exec, ref e);
            }
        }
        """);
}
