using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>/dev/null and /dev/zero (drivers/char/mem.c) on the simulation, each checked against the real kernel on this machine.</summary>
public sealed unsafe class MemDeviceTests
{
    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void Dev_null_is_empty_takes_everything_and_cannot_be_mapped(string backend)
    {
        using DeviceFile file = DeviceFile.Open(Backends.Get(backend), "/dev/null").Value;

        Assert.Equal(0, file.Read(new byte[16]).Value);
        Assert.Equal(16, file.Write(new byte[16]).Value);
        Assert.Equal(Errno.ENODEV, file.Map(4096).Error);
        Assert.Equal(Errno.ENOTTY, file.Ioctl(0x80086440UL, new byte[8]).Error);
        FileStatus status = file.Stat().Value;
        Assert.True(status.IsCharacterDevice);
        Assert.Equal((1u, 3u), (FileStatus.Major(status.SpecialDevice), FileStatus.Minor(status.SpecialDevice)));
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void Dev_zero_reads_zeros_and_maps_zeroed_memory(string backend)
    {
        IKernelBackend kernel = Backends.Get(backend);
        using DeviceFile file = DeviceFile.Open(kernel, "/dev/zero").Value;
        using DeviceFile again = DeviceFile.Open(kernel, "/dev/zero").Value;
        byte[] buffer = [1, 2, 3, 4];

        Assert.Equal(4, file.Read(buffer).Value);
        Assert.Equal(new byte[4], buffer);
        Assert.Equal(3, file.Write(buffer.AsSpan(0, 3)).Value);
        using (MappedRegion region = file.Map(8192, 0, MemoryProtection.ReadWrite, MapFlags.Private).Value)
        {
            Assert.False(region.Span.ContainsAnyExcept((byte)0));
            region.Span[8191] = 7;
        }

        FileStatus status = file.Stat().Value;
        Assert.True(status.IsSameFile(again.Stat().Value)); // every open of a node is the node's inode
        Assert.Equal((1u, 5u), (FileStatus.Major(status.SpecialDevice), FileStatus.Minor(status.SpecialDevice)));
    }

    [Fact]
    public void Storm_found_a_dev_zero_mapping_of_2_GiB_is_refused_at_once_instead_of_backed_and_cleared()
    {
        // The storm's threaded run: mmap(/dev/zero, 0x7fffffff) backed and zeroed 2 GiB eagerly (22 s under load).
        // The simulation backs mappings when they are made, so past its limit it answers as a process past RLIMIT_AS does.
        var kernel = new Simulation.Kernel.SimulatedKernel();
        using DeviceFile file = DeviceFile.Open(kernel.CreateProcess(), "/dev/zero").Value;
        Assert.Equal(Errno.ENOMEM, file.Map(0x7fffffff, 0, MemoryProtection.ReadWrite, MapFlags.Private).Error);
        Assert.Equal(Errno.ENOMEM, file.Map((nuint)Simulation.Mem.ZeroDevice.MaxMappingBytes + 4096, 0, MemoryProtection.ReadWrite, MapFlags.Private).Error);
        using MappedRegion fits = file.Map(1 << 20, 0, MemoryProtection.ReadWrite, MapFlags.Private).Value;
        Assert.Equal((nuint)(1 << 20), fits.Length);
    }
}
