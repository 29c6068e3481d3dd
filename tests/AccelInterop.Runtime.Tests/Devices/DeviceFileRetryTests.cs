using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Tests.Support;

namespace AccelInterop.Runtime.Tests.Devices;

/// <summary>libdrm's drmIoctl rule: the same ioctl is repeated while it fails with EINTR or EAGAIN.</summary>
public sealed class DeviceFileRetryTests
{
    private static readonly IoctlRequest<ulong> Request = new("TEST_IOWR", IoctlDirection.ReadWrite, 0x64, 0x40, 8, 0xc0086440);

    [Fact]
    public void Eintr_is_retried_until_the_call_completes()
    {
        var backend = new ScriptedBackend();
        backend.IoctlErrors.Enqueue(Errno.EINTR);
        backend.IoctlErrors.Enqueue(Errno.EINTR);
        using DeviceFile file = backend.OpenFile();

        ulong argument = 0;
        SysResult result = file.Ioctl(Request, ref argument);

        Assert.True(result.IsSuccess);
        Assert.Equal(3, backend.IoctlCalls);
    }

    [Fact]
    public void Eagain_is_retried_until_the_call_completes()
    {
        var backend = new ScriptedBackend();
        backend.IoctlErrors.Enqueue(Errno.EAGAIN);
        backend.IoctlErrors.Enqueue(Errno.EAGAIN);
        using DeviceFile file = backend.OpenFile();

        SysResult result = file.Ioctl(new IoctlRequest("TEST_IO", 0x64, 0x41, 0x6441));

        Assert.True(result.IsSuccess);
        Assert.Equal(3, backend.IoctlCalls);
    }

    [Fact]
    public void Other_errors_end_the_loop()
    {
        var backend = new ScriptedBackend();
        backend.IoctlErrors.Enqueue(Errno.EINTR);
        backend.IoctlErrors.Enqueue(Errno.EINVAL);
        using DeviceFile file = backend.OpenFile();

        ulong argument = 0;
        Assert.Equal(Errno.EINVAL, file.Ioctl(Request, ref argument).Error);
        Assert.Equal(2, backend.IoctlCalls);
    }

    [Fact]
    public void The_throwing_variant_names_the_request()
    {
        var backend = new ScriptedBackend();
        backend.IoctlErrors.Enqueue(Errno.EAGAIN);
        backend.IoctlErrors.Enqueue(Errno.ENOTTY);
        using DeviceFile file = backend.OpenFile();

        ulong argument = 0;
        ErrnoException thrown = Assert.Throws<ErrnoException>(() => file.IoctlOrThrow(Request, ref argument));

        Assert.Equal(Errno.ENOTTY, thrown.Errno);
        Assert.Equal("TEST_IOWR", thrown.Operation);
        Assert.Equal(2, backend.IoctlCalls);
        Assert.Equal(0, file.IoctlOrThrow(Request, ref argument));
    }

    [Fact]
    public void Interrupted_poll_resumes_and_an_untimed_poll_stays_untimed()
    {
        var backend = new ScriptedBackend();
        backend.PollErrors.Enqueue(Errno.EINTR);
        backend.PollErrors.Enqueue(Errno.EINTR);
        using DeviceFile file = backend.OpenFile();

        SysResult<PollEvents> result = file.Poll(PollEvents.In, -1);

        Assert.Equal(PollEvents.In, result.Value);
        Assert.Equal([-1, -1, -1], backend.PollTimeouts);
    }

    [Fact]
    public void A_poll_error_other_than_eintr_is_returned()
    {
        var backend = new ScriptedBackend();
        backend.PollErrors.Enqueue(Errno.ENOMEM);
        using DeviceFile file = backend.OpenFile();

        Assert.Equal(Errno.ENOMEM, file.Poll(PollEvents.In, 100).Error);
        Assert.Equal(1, backend.PollCalls);
    }
}
