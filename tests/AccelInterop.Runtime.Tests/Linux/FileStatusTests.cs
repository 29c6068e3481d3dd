using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Linux;
using AccelInterop.Runtime.Tests.Support;

namespace AccelInterop.Runtime.Tests.Linux;

/// <summary>fstat identity through the libc backend, against what gcc's stat() reports for /dev/null on this machine.</summary>
public sealed class FileStatusTests
{
    [Fact]
    public void Dev_null_reads_as_gcc_stat_reports_it()
    {
        using DeviceFile file = DeviceFile.Open("/dev/null").Value;

        FileStatus status = file.Stat().Value;

        Assert.Equal(KernelProbe.Get("devnull.dev"), status.Device);
        Assert.Equal(KernelProbe.Get("devnull.ino"), status.Inode);
        Assert.Equal(KernelProbe.Get("devnull.mode"), status.Mode);
        Assert.Equal(KernelProbe.Get("devnull.rdev"), status.SpecialDevice);
        Assert.Equal(KernelProbe.Get("devnull.rdev_major"), FileStatus.Major(status.SpecialDevice));
        Assert.Equal(KernelProbe.Get("devnull.rdev_minor"), FileStatus.Minor(status.SpecialDevice));
        Assert.True(status.IsCharacterDevice);
    }

    [Fact]
    public void Two_opens_of_a_node_are_the_same_file_and_a_pipe_is_another()
    {
        using DeviceFile first = DeviceFile.Open("/dev/null").Value;
        using DeviceFile second = DeviceFile.Open("/dev/null").Value;
        (SafeFileDescriptor read, SafeFileDescriptor write) = LinuxKernel.Instance.Pipe().Value;
        using var pipe = new DeviceFile(read);
        write.Dispose();

        Assert.True(first.Stat().Value.IsSameFile(second.Stat().Value));
        Assert.False(first.Stat().Value.IsSameFile(pipe.Stat().Value));
    }

    [Theory]
    [InlineData(0u, 0u)]
    [InlineData(1u, 3u)]
    [InlineData(226u, 128u)]
    [InlineData(0xABCDEu, 0x123456u)]
    public void Device_numbers_round_trip(uint major, uint minor)
    {
        ulong device = FileStatus.MakeDevice(major, minor);
        Assert.Equal((major, minor), (FileStatus.Major(device), FileStatus.Minor(device)));
    }
}
