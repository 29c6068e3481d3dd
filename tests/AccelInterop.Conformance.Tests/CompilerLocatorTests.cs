using AccelInterop.Conformance.Layout;
using AccelInterop.Model.Targets;

namespace AccelInterop.Conformance.Tests;

[Trait(Needs.Key, Needs.Toolchain)]
public sealed class CompilerLocatorTests
{
    [Fact]
    public void The_host_triple_uses_gcc_and_other_targets_use_a_new_enough_clang()
    {
        var host = CompilerLocator.Default.Locate(CompilerLocator.HostTarget);
        Assert.Equal(CompilerKind.Gcc, host.Kind);
        Assert.True(host.IsHost);
        Assert.Empty(host.TargetArguments);
        Assert.True(host.ProbesBitfieldsAtRunTime);

        var s390x = CompilerLocator.Default.Locate(LinuxTargets.S390X.Triple);
        Assert.Equal(CompilerKind.Clang, s390x.Kind);
        Assert.False(s390x.IsHost);
        Assert.True(s390x.MajorVersion >= CompilerLocator.MinimumClangMajor);
        Assert.Equal(["--target=" + LinuxTargets.S390X.Triple, "-nostdlibinc", "-ffreestanding"], s390x.TargetArguments);
    }

    [Fact]
    public void Clang_can_be_forced_for_the_host()
    {
        var forced = CompilerLocator.Default.Locate(CompilerLocator.HostTarget, forceClang: true);
        Assert.Equal(CompilerKind.Clang, forced.Kind);
        Assert.True(forced.IsHost);
        Assert.Contains("--target=" + CompilerLocator.HostTarget, forced.TargetArguments);
        Assert.False(forced.ProbesBitfieldsAtRunTime);
    }

    [Fact]
    public void The_newest_clang_wins_and_versioned_llvm_trees_are_searched()
    {
        using var tree = new FakeTree();
        tree.Executable("bin/clang-16");
        tree.Executable("bin/clang-15");
        tree.Executable("bin/clang-format-99");
        tree.Executable("lib/llvm-18/bin/clang");
        tree.Executable("lib/llvm-14/bin/clang");
        var locator = new CompilerLocator([tree.Path("bin")], tree.Path("lib"));

        var clang = locator.Locate(LinuxTargets.LoongArch64.Triple);

        Assert.Equal(tree.Path("lib/llvm-18/bin/clang"), clang.Path);
        Assert.Equal(18, clang.MajorVersion);
    }

    [Fact]
    public void A_missing_clang_is_a_one_line_error_naming_the_debian_package()
    {
        using var tree = new FakeTree();
        tree.Executable("bin/clang-14");
        var locator = new CompilerLocator([tree.Path("bin")], tree.Path("nowhere"));

        var ex = Assert.Throws<CompilerNotFoundException>(() => locator.Locate(LinuxTargets.RiscV64.Triple));

        Assert.Contains("clang-19", ex.Message);
        Assert.Contains(LinuxTargets.RiscV64.Triple, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Without_gcc_the_host_falls_back_to_clang()
    {
        using var tree = new FakeTree();
        tree.Executable("bin/clang-19");
        var locator = new CompilerLocator([tree.Path("bin")], tree.Path("nowhere"));

        var compiler = locator.Locate(CompilerLocator.HostTarget);

        Assert.Equal(CompilerKind.Clang, compiler.Kind);
        Assert.Equal(19, compiler.MajorVersion);
    }

    private sealed class FakeTree : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("ai-locator-").FullName;

        public string Path(string relative) => System.IO.Path.Combine(_root, relative);

        public void Executable(string relative)
        {
            var path = Path(relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "#!/bin/sh\nexit 1\n");
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);
    }
}
