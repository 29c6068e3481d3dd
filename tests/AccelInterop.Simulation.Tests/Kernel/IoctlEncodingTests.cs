using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Tests.Support;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>The simulated kernel's command encoding against gcc's _IOC macros on this machine.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class IoctlEncodingTests
{
    public static TheoryData<string> Commands => ["D_IOWR_40_16", "D_IOW_41_16", "D_IOR_43_16", "D_IO_02", "D_IOWR_00_64", "D_IOWR_MAXSIZE", "UNKNOWN_IOR"];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Encode_and_decode_agree_with_gcc(string name)
    {
        IoctlRequest<byte> request = KernelProbe.Request<byte>(name);
        IoctlEncoding encoding = IoctlEncoding.Current;

        uint encoded = encoding.Encode(request.Direction, request.Type, request.Number, request.Size);

        Assert.Equal(KernelProbe.Get(name), encoded);
        Assert.Equal(request.Direction, encoding.Direction(encoded));
        Assert.Equal(request.Size, encoding.Size(encoded));
        Assert.Equal(request.Type, IoctlEncoding.Type(encoded));
        Assert.Equal(request.Number, IoctlEncoding.Number(encoded));
    }

    [Fact]
    public void A_size_beyond_the_size_field_is_refused()
    {
        IoctlEncoding encoding = IoctlEncoding.Current;
        uint largest = (uint)KernelProbe.Get("D_IOWR_MAXSIZE.size");
        Assert.Throws<ArgumentOutOfRangeException>(() => encoding.Encode(IoctlDirection.ReadWrite, 0x64, 0, largest + 1));
    }

    [Fact]
    public void Powerpc_has_its_own_direction_values_and_narrower_size()
    {
        // powerpc asm/ioctl.h: 13 size bits; none = 1, read = 2, write = 4 in 3 direction bits. The
        // values were checked with clang --target=powerpc64le-linux-gnu against Debian's header.
        IoctlEncoding powerpc = IoctlEncoding.For(AccelInterop.Runtime.Targets.LinuxTargets.PowerPC64LE);
        Assert.Equal(0x20006400u, powerpc.Encode(IoctlDirection.None, 0x64, 0, 0));
        Assert.Equal(0xC0406400u, powerpc.Encode(IoctlDirection.ReadWrite, 0x64, 0, 64));
        Assert.Equal(0x80086409u, powerpc.Encode(IoctlDirection.Write, 0x64, 9, 8));
    }
}
