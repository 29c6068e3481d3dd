using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Tests.Support;

namespace AccelInterop.Runtime.Tests.Linux;

/// <summary>/dev/null has no ioctls: the kernel answers an unknown request with ENOTTY.</summary>
public sealed class DevNullTests
{
    private static IoctlRequest<ulong> Unknown => KernelProbe.Request<ulong>("UNKNOWN_IOR");

    [Fact]
    public void Unknown_request_is_enotty_as_a_result()
    {
        using DeviceFile file = DeviceFile.Open("/dev/null").Value;
        ulong argument = 0;

        SysResult result = file.Ioctl(Unknown, ref argument);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrnoHeader.ByName["ENOTTY"], result.Error.Number);
        Assert.Equal("ENOTTY", result.Error.Name);
        // A failure has no value: reading one throws, as SysResult<T>.Value does, rather than passing for a 0 return.
        Assert.Equal(Errno.ENOTTY, Assert.Throws<ErrnoException>(() => result.Value).Errno);
        Assert.False(result.TryGetValue(out _));
    }

    [Fact]
    public void Unknown_request_is_enotty_as_an_exception()
    {
        using DeviceFile file = DeviceFile.Open("/dev/null").Value;
        ulong argument = 0;

        ErrnoException thrown = Assert.Throws<ErrnoException>(() => file.IoctlOrThrow(Unknown, ref argument));

        Assert.Equal(Errno.ENOTTY, thrown.Errno);
        Assert.Equal("UNKNOWN_IOR", thrown.Operation);
    }

    [Fact]
    public void Untyped_requests_reach_the_kernel_too()
    {
        using DeviceFile file = DeviceFile.Open("/dev/null").Value;
        Span<byte> argument = stackalloc byte[8];

        Assert.Equal(Errno.ENOTTY, file.Ioctl(Unknown.Value, argument).Error);
    }

    [Fact]
    public void Opening_a_missing_path_is_enoent()
    {
        SysResult<DeviceFile> opened = DeviceFile.Open("/dev/accelinterop-does-not-exist");

        Assert.Equal(ErrnoHeader.ByName["ENOENT"], opened.Error.Number);
        Assert.Throws<ErrnoException>(() => opened.Value);
    }
}
