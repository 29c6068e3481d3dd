using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Tests.Support;

namespace AccelInterop.Runtime.Tests.Devices;

/// <summary>What a closed device file does: the kernel's answer for a closed descriptor is EBADF.</summary>
public sealed class DeviceFileLifetimeTests
{
    private static readonly IoctlRequest<ulong> Request = new("TEST_IOR", IoctlDirection.Read, 0x64, 0x40, 8, 0x80086440);

    [Fact]
    public void Dispose_closes_the_descriptor_once()
    {
        var backend = new ScriptedBackend();
        DeviceFile file = backend.OpenFile();

        file.Dispose();
        file.Dispose();

        Assert.True(file.IsClosed);
        Assert.Equal(1, backend.CloseCalls);
    }

    [Fact]
    public void Calls_on_a_closed_file_fail_with_ebadf_without_reaching_the_backend()
    {
        var backend = new ScriptedBackend();
        DeviceFile file = backend.OpenFile();
        file.Dispose();

        ulong argument = 0;
        Assert.Equal(Errno.EBADF, file.Ioctl(Request, ref argument).Error);
        Assert.Equal(Errno.EBADF, file.Ioctl(new IoctlRequest("TEST_IO", 0x64, 0x41, 0x6441)).Error);
        Assert.Equal(Errno.EBADF, file.Map(4096).Error);
        Assert.Equal(Errno.EBADF, file.Poll(PollEvents.In, 0).Error);
        Assert.Equal(Errno.EBADF, Assert.Throws<ErrnoException>(() => file.IoctlOrThrow(Request, ref argument)).Errno);
        Assert.Equal(0, backend.IoctlCalls);
        Assert.Equal(0, backend.PollCalls);
    }

    [Fact]
    public void An_argument_smaller_than_the_encoded_size_is_refused()
    {
        // The kernel would copy Size bytes into a 4-byte int: refuse before the call.
        var backend = new ScriptedBackend();
        using DeviceFile file = backend.OpenFile();
        var tooBig = new IoctlRequest<int>("TEST_IOR_16", IoctlDirection.Read, 0x64, 0x42, 16, 0x80106442);

        int argument = 0;
        Assert.Throws<ArgumentException>(() => file.Ioctl(tooBig, ref argument));
        Assert.Equal(0, backend.IoctlCalls);
    }

    [Fact]
    public void The_ioctl_path_allocates_nothing()
    {
        var backend = new ScriptedBackend();
        using DeviceFile file = backend.OpenFile();
        ulong argument = 0;
        for (int i = 0; i < 100; i++)
        {
            file.Ioctl(Request, ref argument);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            backend.IoctlErrors.Clear();
            file.Ioctl(Request, ref argument);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
