using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Linux;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>
/// DeviceFile.ReadAt/WriteAt (pread64/pwrite64) on real descriptors of this machine's kernel, and the
/// simulation held to the same answers: a regular file, /dev/zero and /dev/null, an eventfd and a
/// pipe (no positional I/O: ESPIPE), and a negative offset (EINVAL).
/// </summary>
public sealed class PositionalIoTests
{
    [Fact]
    public void Linux_regular_file_reads_and_writes_at_an_offset_without_moving_the_file_position()
    {
        string path = Path.Combine(Path.GetTempPath(), $"accelinterop-pread-{Guid.NewGuid():N}");
        File.WriteAllBytes(path, new byte[8192]);
        try
        {
            using DeviceFile file = DeviceFile.Open(LinuxKernel.Instance, path, OpenFlags.ReadWrite | OpenFlags.CloseOnExec).Value;
            Assert.Equal(4, file.WriteAt([1, 2, 3, 4], 5000).Value);
            byte[] back = new byte[4];
            Assert.Equal(4, file.ReadAt(back, 5000).Value);
            Assert.Equal([1, 2, 3, 4], back);
            Assert.Equal(2, file.ReadAt(back, 8190).Value); // cut at the end of the file
            Assert.Equal(0, file.ReadAt(back, 1L << 40).Value); // past it: nothing
            byte[] first = new byte[4];
            Assert.Equal(4, file.Read(first).Value); // the position is still 0
            Assert.Equal(new byte[4], first);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void Dev_zero_and_dev_null_take_positional_io_at_any_offset(string backend)
    {
        IKernelBackend kernel = Backends.Get(backend);
        using DeviceFile zero = DeviceFile.Open(kernel, "/dev/zero").Value;
        using DeviceFile devNull = DeviceFile.Open(kernel, "/dev/null").Value;
        byte[] buffer = [9, 9, 9];
        Assert.Equal(3, zero.ReadAt(buffer, 1L << 40).Value);
        Assert.Equal(new byte[3], buffer);
        Assert.Equal(3, devNull.WriteAt(buffer, 12345).Value);
        Assert.Equal(0, devNull.ReadAt(buffer, 0).Value);
        Assert.Equal(Errno.EINVAL, zero.ReadAt(buffer, -1).Error);
        Assert.Equal(Errno.EINVAL, devNull.WriteAt(buffer, -4096).Error);
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void An_eventfd_has_no_positional_io(string backend)
    {
        IKernelBackend kernel = Backends.Get(backend);
        using DeviceFile eventFd = DeviceFile.CreateEventFd(kernel, 1).Value;
        Assert.Equal(Errno.ESPIPE, eventFd.ReadAt(new byte[8], 0).Error);
        Assert.Equal(Errno.ESPIPE, eventFd.WriteAt(BitConverter.GetBytes(1UL), 0).Error);
    }

    [Fact]
    public void Linux_a_pipe_has_no_positional_io()
    {
        (SafeFileDescriptor read, SafeFileDescriptor write) = LinuxKernel.Instance.Pipe().Value;
        using var reader = new DeviceFile(read);
        using var writer = new DeviceFile(write);
        Assert.Equal(Errno.ESPIPE, reader.ReadAt(new byte[1], 0).Error);
        Assert.Equal(Errno.ESPIPE, writer.WriteAt([1], 0).Error);
    }
}
