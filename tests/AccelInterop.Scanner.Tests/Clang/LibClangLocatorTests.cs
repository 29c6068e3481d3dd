using System.Runtime.InteropServices;
using AccelInterop.Model.Targets;
using AccelInterop.Scanner.Clang;
using Xunit;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>The locator's search order and messages, over fake machine layouts.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class LibClangLocatorTests
{
    private const string Stddef19 = "/usr/lib/llvm-19/lib/clang/19/include/stddef.h";
    private const string Stddef14 = "/usr/lib/llvm-14/lib/clang/14.0.6/include/stddef.h";

    // Debian's library folders of two architectures, as the fake machines lay them out.
    private static readonly string X64Lib = "/usr/lib/" + LinuxTargets.X86_64.MultiarchDir;
    private static readonly string Arm64Lib = "/usr/lib/" + LinuxTargets.AArch64.MultiarchDir;

    private static LibClangInstallation Locate(FakeLibClangFileSystem fileSystem, string? overridePath = null, Architecture? architecture = null) =>
        LibClangLocator.Locate(fileSystem, overridePath, architecture ?? LinuxTargets.X86_64.Architecture);

    [Fact]
    public void PrefersTheNewestVersion()
    {
        var machine = new FakeLibClangFileSystem(
            X64Lib + "/libclang-14.so.1", Stddef14,
            X64Lib + "/libclang-19.so.1", Stddef19);

        Assert.Equal(new LibClangInstallation(X64Lib + "/libclang-19.so.1", 19, "/usr/lib/llvm-19/lib/clang/19"), Locate(machine));
    }

    [Fact]
    public void WithinAVersionPrefersTheLlvmDirectory()
    {
        var machine = new FakeLibClangFileSystem(
            "/usr/lib/llvm-19/lib/libclang-19.so.1", "/usr/lib/llvm-19/lib/libclang.so.1",
            X64Lib + "/libclang-19.so.1", Stddef19);

        Assert.Equal("/usr/lib/llvm-19/lib/libclang-19.so.1", Locate(machine).Path);
    }

    [Fact]
    public void FindsTheUnversionedNameInTheLlvmDirectory()
    {
        var machine = new FakeLibClangFileSystem("/usr/lib/llvm-19/lib/libclang.so.1", Stddef19);

        Assert.Equal("/usr/lib/llvm-19/lib/libclang.so.1", Locate(machine).Path);
    }

    [Fact]
    public void UsesTheMultiarchDirectoryOfTheProcessArchitecture()
    {
        var machine = new FakeLibClangFileSystem(
            Arm64Lib + "/libclang-17.so.1",
            "/usr/lib/llvm-17/lib/clang/17/include/stddef.h",
            X64Lib + "/libclang-19.so.1", Stddef19);

        LibClangInstallation found = Locate(machine, architecture: LinuxTargets.AArch64.Architecture);

        Assert.Equal(new LibClangInstallation(Arm64Lib + "/libclang-17.so.1", 17, "/usr/lib/llvm-17/lib/clang/17"), found);
    }

    [Fact]
    public void FindsTheNewestResourceDirectoryNamedByTheFullVersionThatHasStddef()
    {
        var machine = new FakeLibClangFileSystem(
            X64Lib + "/libclang-14.so.1",
            "/usr/lib/llvm-14/lib/clang/14.0.5/include/stddef.h",
            "/usr/lib/llvm-14/lib/clang/14.0.7/README",
            Stddef14);

        Assert.Equal("/usr/lib/llvm-14/lib/clang/14.0.6", Locate(machine).ResourceDir);
    }

    [Fact]
    public void FallsBackToDebiansUsrLibClangLinks()
    {
        var machine = new FakeLibClangFileSystem(
            X64Lib + "/libclang-18.so.1",
            "/usr/lib/clang/18/include/stddef.h");

        Assert.Equal("/usr/lib/clang/18", Locate(machine).ResourceDir);
    }

    [Fact]
    public void SkipsANewerLibClangWithoutResourceHeaders()
    {
        var machine = new FakeLibClangFileSystem(
            X64Lib + "/libclang-20.so.1",
            X64Lib + "/libclang-19.so.1", Stddef19);

        Assert.Equal(19, Locate(machine).MajorVersion);
    }

    [Fact]
    public void NamesTheCommonDevPackageWhenNoLibClangHasResourceHeaders()
    {
        var machine = new FakeLibClangFileSystem(
            X64Lib + "/libclang-20.so.1",
            X64Lib + "/libclang-14.so.1");

        var error = Assert.Throws<LibClangNotFoundException>(() => Locate(machine));

        Assert.Contains("apt-get install libclang-common-20-dev", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void NamesThePackagesToInstallWhenThereIsNoLibClang()
    {
        var error = Assert.Throws<LibClangNotFoundException>(() => Locate(new FakeLibClangFileSystem()));

        Assert.StartsWith("libclang not found", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("install Debian's clang-19 (apt-get install clang-19 libclang1-19)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TheEnvironmentVariableWinsOverANewerInstall()
    {
        var machine = new FakeLibClangFileSystem(
            X64Lib + "/libclang-14.so.1", Stddef14,
            X64Lib + "/libclang-19.so.1", Stddef19);

        LibClangInstallation found = Locate(machine, X64Lib + "/libclang-14.so.1");

        Assert.Equal(new LibClangInstallation(X64Lib + "/libclang-14.so.1", 14, "/usr/lib/llvm-14/lib/clang/14.0.6"), found);
    }

    [Fact]
    public void TheEnvironmentVariableMayNameAnUpstreamBuild()
    {
        var machine = new FakeLibClangFileSystem("/opt/llvm/lib/libclang.so.20.1", "/opt/llvm/lib/clang/20/include/stddef.h");

        Assert.Equal(new LibClangInstallation("/opt/llvm/lib/libclang.so.20.1", 20, "/opt/llvm/lib/clang/20"), Locate(machine, "/opt/llvm/lib/libclang.so.20.1"));
    }

    [Fact]
    public void TheEnvironmentVariablesVersionMayComeFromTheLinkTarget()
    {
        var machine = new FakeLibClangFileSystem(Stddef14);
        machine.Links["/tmp/my-libclang.so"] = X64Lib + "/libclang-14.so.14.0.6";

        Assert.Equal(14, Locate(machine, "/tmp/my-libclang.so").MajorVersion);
    }

    [Fact]
    public void AMissingEnvironmentFileIsAnErrorNotAFallback()
    {
        var machine = new FakeLibClangFileSystem(X64Lib + "/libclang-19.so.1", Stddef19);

        var error = Assert.Throws<LibClangNotFoundException>(() => Locate(machine, "/nope/libclang-19.so.1"));

        Assert.Equal("ACCELINTEROP_LIBCLANG=/nope/libclang-19.so.1: no such file", error.Message);
    }

    [Fact]
    public void AnEnvironmentFileOfUnknownVersionIsAnError()
    {
        var machine = new FakeLibClangFileSystem("/tmp/libfoo.so");

        var error = Assert.Throws<LibClangNotFoundException>(() => Locate(machine, "/tmp/libfoo.so"));

        Assert.Contains("cannot tell its LLVM version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEnvironmentFileOlderThan14IsAnError()
    {
        var machine = new FakeLibClangFileSystem(X64Lib + "/libclang-13.so.1");

        var error = Assert.Throws<LibClangNotFoundException>(() => Locate(machine, X64Lib + "/libclang-13.so.1"));

        Assert.Contains("older than 14", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/usr/lib/some-multiarch/libclang-14.so.1", 14)]
    [InlineData("/usr/lib/some-multiarch/libclang-14.so.14.0.6", 14)]
    [InlineData("/usr/lib/llvm-19/lib/libclang.so.1", 19)]
    [InlineData("/usr/lib/llvm-19/lib/libclang-19.so.1", 19)]
    [InlineData("/opt/llvm/lib/libclang.so.21.1", 21)]
    [InlineData("/opt/llvm/lib/libclang.so.1", null)]
    [InlineData("/tmp/libclang.so", null)]
    public void ReadsTheVersionFromAPath(string path, int? expected) =>
        Assert.Equal(expected, LibClangLocator.VersionFromPath(path));

    [Fact]
    public void TakesTheMultiarchDirectoryFromTheTargetTable()
    {
        foreach (var t in LinuxTargets.All)
        {
            Assert.Equal(t.MultiarchDir, LibClangLocator.MultiarchTuple(t.Architecture));
        }

        Assert.Null(LibClangLocator.MultiarchTuple(Architecture.Wasm));
    }

    [Fact]
    public void FindsALibClangOnThisMachine()
    {
        LibClangInstallation found = LibClangLocator.Locate();

        Assert.InRange(found.MajorVersion, 14, 22);
        Assert.True(File.Exists(found.Path));
        Assert.True(File.Exists(Path.Combine(found.ResourceDir, "include", "stddef.h")));
    }
}
