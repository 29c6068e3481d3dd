using AccelInterop.Scanner.Clang;
using Xunit;

namespace AccelInterop.Scanner.Tests.Clang;

[Trait(Needs.Key, Needs.Toolchain)]
public sealed class LibClangTargetsTests
{
    [Theory]
    [InlineData("x86_64-linux-gnu", 14)]
    [InlineData("i386-linux-gnu", 14)]
    [InlineData("aarch64-linux-gnu", 14)]
    [InlineData("arm-linux-gnueabihf", 14)]
    [InlineData("powerpc64le-linux-gnu", 14)]
    [InlineData("s390x-linux-gnu", 14)]
    [InlineData("riscv64-linux-gnu", 14)]
    [InlineData("loongarch64-linux-gnu", 16)]
    [InlineData("loongarch64-unknown-linux-gnu", 16)]
    public void KnowsTheMinimumLibClangPerTarget(string triple, int minimum) =>
        Assert.Equal(minimum, LibClangTargets.MinimumVersionFor(triple));

    [Fact]
    public void LibClang14CannotParseForLoongArch()
    {
        var installation = new LibClangInstallation("/usr/lib/x86_64-linux-gnu/libclang-14.so.1", 14, "/usr/lib/llvm-14/lib/clang/14.0.6");

        Assert.True(installation.SupportsTarget("x86_64-linux-gnu", out _));
        Assert.False(installation.SupportsTarget("loongarch64-linux-gnu", out string? reason));
        Assert.Equal(
            "target loongarch64-linux-gnu needs libclang >= 16, but the libclang found is 14 (/usr/lib/x86_64-linux-gnu/libclang-14.so.1): " +
            "install Debian's clang-19 (apt-get install clang-19 libclang1-19)",
            reason);
    }

    [Fact]
    public void LibClang19ParsesForLoongArch()
    {
        var installation = new LibClangInstallation("/usr/lib/llvm-19/lib/libclang-19.so.1", 19, "/usr/lib/llvm-19/lib/clang/19");

        Assert.True(installation.SupportsTarget("loongarch64-linux-gnu", out string? reason));
        Assert.Null(reason);
    }
}
