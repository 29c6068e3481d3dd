using System.Runtime.InteropServices;
using AccelInterop.Headers;

namespace AccelInterop.Headers.Tests;

public class TargetTripleTests
{
    [Theory]
    [InlineData("x86_64", "x86_64-linux-gnu")]
    [InlineData("amd64", "x86_64-linux-gnu")]
    [InlineData("X64", "x86_64-linux-gnu")]
    [InlineData("i386", "i386-linux-gnu")]
    [InlineData("i686", "i386-linux-gnu")]
    [InlineData("x86", "i386-linux-gnu")]
    [InlineData("aarch64", "aarch64-linux-gnu")]
    [InlineData("arm64", "aarch64-linux-gnu")]
    [InlineData("arm", "arm-linux-gnueabihf")]
    [InlineData("armhf", "arm-linux-gnueabihf")]
    [InlineData("powerpc64le", "powerpc64le-linux-gnu")]
    [InlineData("ppc64le", "powerpc64le-linux-gnu")]
    [InlineData("s390x", "s390x-linux-gnu")]
    [InlineData("riscv64", "riscv64-linux-gnu")]
    [InlineData("loongarch64", "loongarch64-linux-gnu")]
    [InlineData("loongarch64-linux-gnu", "loongarch64-linux-gnu")]
    [InlineData(" arm-linux-gnueabihf ", "arm-linux-gnueabihf")]
    public void Parse_accepts_triples_and_aliases(string name, string triple)
    {
        var target = TargetTriple.Parse(name);
        Assert.Equal(triple, target.Triple);
        Assert.Equal(triple, target.MultiarchDir);
        Assert.Same(target, TargetTriple.Parse(triple));
    }

    [Fact]
    public void All_is_the_eight_dotnet_linux_targets()
    {
        Assert.Equal(
            ["x86_64-linux-gnu", "i386-linux-gnu", "aarch64-linux-gnu", "arm-linux-gnueabihf",
             "powerpc64le-linux-gnu", "s390x-linux-gnu", "riscv64-linux-gnu", "loongarch64-linux-gnu"],
            TargetTriple.All.Select(t => t.Triple));
    }

    [Theory]
    [InlineData("mips")]
    [InlineData("arm-linux-gnueabi")]
    [InlineData("x86_64-linux-gnux32")]
    [InlineData("")]
    public void Parse_rejects_others_listing_the_valid_names(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => TargetTriple.Parse(name));
        Assert.Contains($"unknown target '{name}'", error.Message);
        foreach (var target in TargetTriple.All)
        {
            Assert.Contains(target.Triple, error.Message);
        }

        Assert.Contains("ppc64le", error.Message);
        Assert.False(TargetTriple.TryParse(name, out _));
    }

    [Theory]
    [InlineData(Architecture.X64, "x86_64-linux-gnu")]
    [InlineData(Architecture.X86, "i386-linux-gnu")]
    [InlineData(Architecture.Arm64, "aarch64-linux-gnu")]
    [InlineData(Architecture.Arm, "arm-linux-gnueabihf")]
    [InlineData(Architecture.Ppc64le, "powerpc64le-linux-gnu")]
    [InlineData(Architecture.S390x, "s390x-linux-gnu")]
    [InlineData(Architecture.RiscV64, "riscv64-linux-gnu")]
    [InlineData(Architecture.LoongArch64, "loongarch64-linux-gnu")]
    public void Process_architectures_map_to_targets(Architecture architecture, string triple) =>
        Assert.Equal(triple, TargetTriple.FromArchitecture(architecture).Triple);

    [Fact]
    public void Host_is_the_process_architecture() =>
        Assert.Equal(TargetTriple.FromArchitecture(RuntimeInformation.ProcessArchitecture), TargetTriple.Host);

    [Fact]
    public void Unsupported_architecture_is_rejected() =>
        Assert.Throws<PlatformNotSupportedException>(() => TargetTriple.FromArchitecture(Architecture.Wasm));
}
