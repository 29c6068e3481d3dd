using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Linux;
using AccelInterop.Runtime.Tests.Support;

namespace AccelInterop.Runtime.Tests.Linux;

/// <summary>A real pipe: FIONREAD (request number from gcc) and poll.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class PipeTests
{
    private static readonly LinuxKernel Kernel = LinuxKernel.Instance;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(4096)]
    public void Fionread_counts_the_bytes_written(int count)
    {
        (SafeFileDescriptor read, SafeFileDescriptor write) = Kernel.Pipe().Value;
        using var reader = new DeviceFile(read);
        using var writer = new DeviceFile(write);
        if (count > 0)
        {
            Assert.Equal(count, Kernel.Write(write, new byte[count]).ThrowIfError());
        }

        IoctlRequest<int> fionread = KernelProbe.Request<int>("FIONREAD");
        int available = -1;
        SysResult result = reader.Ioctl(fionread, ref available);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(count, available);
    }

    [Fact]
    public void Fionread_allocates_nothing()
    {
        (SafeFileDescriptor read, SafeFileDescriptor write) = Kernel.Pipe().Value;
        using var reader = new DeviceFile(read);
        using var writer = new DeviceFile(write);
        IoctlRequest<int> fionread = KernelProbe.Request<int>("FIONREAD");
        int available = 0;
        reader.Ioctl(fionread, ref available);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            reader.Ioctl(fionread, ref available);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Poll_reports_readable_after_a_write_and_hangup_after_the_writer_closes()
    {
        (SafeFileDescriptor read, SafeFileDescriptor write) = Kernel.Pipe().Value;
        using var reader = new DeviceFile(read);
        var writer = new DeviceFile(write);

        Assert.Equal(PollEvents.None, reader.Poll(PollEvents.In, 0).Value);
        Assert.Equal(PollEvents.Out, writer.Poll(PollEvents.Out, 0).Value);

        Kernel.Write(write, "x"u8).ThrowIfError();
        Assert.Equal(PollEvents.In, reader.Poll(PollEvents.In, 1000).Value);

        // Drain first, so the next poll sleeps until the hangup instead of returning at once on
        // POLLIN: a child forked meanwhile by another test holds a copy of the write end until
        // its exec closes it (CLOEXEC), and the hangup only comes then.
        Span<byte> one = stackalloc byte[1];
        Kernel.Read(read, one).ThrowIfError();
        writer.Dispose();
        Assert.True(reader.Poll(PollEvents.In, 5000).Value.HasFlag(PollEvents.HangUp));
    }

    [Fact]
    public void A_closed_pipe_end_cannot_be_read_through_the_backend()
    {
        (SafeFileDescriptor read, SafeFileDescriptor write) = Kernel.Pipe().Value;
        write.Dispose();
        read.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Kernel.Read(read, new byte[1]));
    }
}
