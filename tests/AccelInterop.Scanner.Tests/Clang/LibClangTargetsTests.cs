using AccelInterop.Model.Targets;
using AccelInterop.Scanner.Clang;
using Xunit;

namespace AccelInterop.Scanner.Tests.Clang;

[Trait(Needs.Key, Needs.Toolchain)]
public sealed class LibClangTargetsTests
{
    public static TheoryData<string> Triples() => new(LinuxTargets.All.Select(t => t.Triple));

    [Theory]
    [MemberData(nameof(Triples))]
    public void A_libclang_older_than_the_tables_minimum_is_refused_and_the_minimum_accepted(string triple)
    {
        var minimum = LibClangTargets.MinimumVersionFor(triple);
        Assert.Equal(Math.Max(LibClangTargets.OldestSupportedVersion, LinuxTargets.Find(triple)!.MinimumLibClang), minimum);
        Assert.True(Installation(minimum).SupportsTarget(triple, out _));
        if (minimum > LibClangTargets.OldestSupportedVersion)
        {
            Assert.False(Installation(minimum - 1).SupportsTarget(triple, out _));
        }
    }

    [Fact]
    public void The_refusal_names_the_target_the_version_and_what_to_install()
    {
        var loongarch = LinuxTargets.Find("loongarch64")!;
        var old = loongarch.MinimumLibClang - 1;
        var installation = Installation(old);

        Assert.False(installation.SupportsTarget(loongarch.Triple, out string? reason));
        Assert.Equal(
            $"target {loongarch.Triple} needs libclang >= {loongarch.MinimumLibClang}, but the libclang found is {old} ({installation.Path}): " +
            "install Debian's clang-19 (apt-get install clang-19 libclang1-19)",
            reason);
    }

    private static LibClangInstallation Installation(int version) =>
        new($"/usr/lib/llvm-{version}/lib/libclang-{version}.so.1", version, $"/usr/lib/llvm-{version}/lib/clang/{version}");
}
