using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Tests.Support;

namespace AccelInterop.Runtime.Tests.Devices;

/// <summary>libdrm's drmIoctl rule on DRM nodes: the same ioctl is repeated while it fails with EINTR or EAGAIN; other devices and IoctlOnce: one attempt.</summary>
public sealed class DeviceFileRetryTests
{
    private static readonly IoctlRequest<ulong> Request = new("TEST_IOWR", IoctlDirection.ReadWrite, 0x64, 0x40, 8, 0xc0086440);

    [Fact]
    public void Eintr_is_retried_until_the_call_completes()
    {
        var backend = new ScriptedBackend();
        backend.IoctlErrors.Enqueue(Errno.EINTR);
        backend.IoctlErrors.Enqueue(Errno.EINTR);
        using DeviceFile file = backend.OpenFile(IoctlRetryPolicy.Libdrm);

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
        using DeviceFile file = backend.OpenFile(IoctlRetryPolicy.Libdrm);

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
        using DeviceFile file = backend.OpenFile(IoctlRetryPolicy.Libdrm);

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
        using DeviceFile file = backend.OpenFile(IoctlRetryPolicy.Libdrm);

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
        using DeviceFile file = backend.OpenFile(IoctlRetryPolicy.Libdrm);

        SysResult<PollEvents> result = file.Poll(PollEvents.In, -1);

        Assert.Equal(PollEvents.In, result.Value);
        Assert.Equal([-1, -1, -1], backend.PollTimeouts);
    }

    [Fact]
    public void A_poll_error_other_than_eintr_is_returned()
    {
        var backend = new ScriptedBackend();
        backend.PollErrors.Enqueue(Errno.ENOMEM);
        using DeviceFile file = backend.OpenFile(IoctlRetryPolicy.Libdrm);

        Assert.Equal(Errno.ENOMEM, file.Poll(PollEvents.In, 100).Error);
        Assert.Equal(1, backend.PollCalls);
    }

    [Fact]
    public void The_single_attempt_variants_never_repeat()
    {
        var backend = new ScriptedBackend();
        using DeviceFile file = backend.OpenFile(IoctlRetryPolicy.Libdrm);

        backend.IoctlErrors.Enqueue(Errno.EINTR);
        ulong argument = 0;
        Assert.Equal(Errno.EINTR, file.IoctlOnce(Request, ref argument).Error);
        backend.IoctlErrors.Enqueue(Errno.EAGAIN);
        Assert.Equal(Errno.EAGAIN, file.IoctlOnce(new IoctlRequest("TEST_IO", 0x64, 0x41, 0x6441)).Error);
        Assert.Equal(2, backend.IoctlCalls);
    }

    [Fact]
    public void The_policy_comes_from_the_kind_of_node()
    {
        Assert.Same(IoctlRetryPolicy.Libdrm, IoctlRetryPolicy.ForNode("/dev/dri/renderD128"));
        Assert.Same(IoctlRetryPolicy.Libdrm, IoctlRetryPolicy.ForNode("/dev/accel/accel0"));
        Assert.Same(IoctlRetryPolicy.None, IoctlRetryPolicy.ForNode("/dev/vfio/vfio"));
        Assert.Same(IoctlRetryPolicy.None, IoctlRetryPolicy.ForNode("/dev/dma_heap/system"));

        var backend = new ScriptedBackend();
        using DeviceFile other = DeviceFile.Open(backend, "/dev/vfio/vfio").Value;
        backend.IoctlErrors.Enqueue(Errno.EINTR);
        ulong argument = 0;
        Assert.Equal(Errno.EINTR, other.Ioctl(Request, ref argument).Error);
        Assert.Equal(1, backend.IoctlCalls);
        Assert.Same(IoctlRetryPolicy.Libdrm, DeviceFile.Open(backend, "/dev/accel/accel0").Value.RetryPolicy);
    }
}
