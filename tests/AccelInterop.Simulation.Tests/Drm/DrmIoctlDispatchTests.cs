using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Simulation.Tests.Drm.DrmRig;

namespace AccelInterop.Simulation.Tests.Drm;

/// <summary>drm-core.md §1 (drm_ioctl): lookup, size/direction handling and errors, on raw bytes.</summary>
public sealed unsafe class DrmIoctlDispatchTests
{
    private readonly DrmRig _rig = new();
    private readonly SimulatedProcess _process;
    private readonly DeviceFile _file;

    public DrmIoctlDispatchTests()
    {
        _process = _rig.Kernel.CreateProcess("app");
        _file = _rig.Open(_process);
    }

    private TestDrmDriver Driver => _rig.Driver;

    [Fact]
    public void Spec1_1_an_unplugged_device_is_enodev_before_anything_else()
    {
        _rig.Device.Unplug();
        byte[] buffer = new byte[16];

        Assert.Equal(Errno.ENODEV, _file.Ioctl(Command(IoctlDirection.ReadWrite, TestDrmDriver.Echo, 16), buffer).Error);
        Assert.Equal(Errno.ENODEV, _file.Ioctl(Command(IoctlDirection.ReadWrite, 0x40, 16, type: (byte)'x'), buffer).Error);
        Assert.Equal(Errno.ENODEV, _file.Map(4096, 0x1_0000_0000).Error);
        Assert.Equal(Errno.ENOENT, DeviceFile.Open(_process, _rig.AccelPath).Error);
        Assert.Equal(0, Driver.Calls);
    }

    [Fact]
    public void Spec1_2_a_type_byte_other_than_d_is_enotty()
    {
        byte[] buffer = new byte[16];
        Assert.Equal(Errno.ENOTTY, _file.Ioctl(Command(IoctlDirection.ReadWrite, TestDrmDriver.Echo, 16, type: (byte)'e'), buffer).Error);
        Assert.Equal(0, Driver.Calls);
    }

    [Theory]
    [InlineData(0x40 + TestDrmDriver.DriverIoctlCount)] // driver index == num_ioctls
    [InlineData(0x9F)]                                  // last driver number
    [InlineData(TestDrmDriver.CoreIoctlCount)]          // core number == core count
    [InlineData(0xA0)]                                  // past the driver range: core table again
    [InlineData(0xFF)]
    public void Spec1_3_numbers_beyond_the_tables_are_einval(int number)
    {
        byte[] buffer = new byte[16];
        Assert.Equal(Errno.EINVAL, _file.Ioctl(Command(IoctlDirection.ReadWrite, (byte)number, 16), buffer).Error);
        Assert.Equal(0, Driver.Calls);
    }

    [Theory]
    [InlineData(TestDrmDriver.Hole)]
    [InlineData(TestDrmDriver.NoHandler)]
    [InlineData(TestDrmDriver.CoreHole)]
    public void Spec1_3_an_empty_slot_is_einval(byte number)
    {
        byte[] buffer = new byte[16];
        Assert.Equal(Errno.EINVAL, _file.Ioctl(Command(IoctlDirection.ReadWrite, number, 16), buffer).Error);
    }

    [Theory]
    [InlineData(TestDrmDriver.Echo)]
    [InlineData(TestDrmDriver.CoreEcho)]
    public void Spec1_4_same_size_iowr_copies_in_and_out(byte number)
    {
        byte[] buffer = Numbered(16);

        SysResult result = _file.Ioctl(Command(IoctlDirection.ReadWrite, number, 16), buffer);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(Numbered(16), Driver.LastInput[..16]);
        Assert.Equal(16, Driver.LastLength);
        Assert.Equal(Enumerable.Range(0, 16).Select(TestDrmDriver.Pattern), buffer);
    }

    [Fact]
    public void Spec1_4_a_shorter_user_struct_is_zero_extended_and_only_its_size_copied_back()
    {
        byte[] buffer = Numbered(16); // the caller's struct is the first 8 bytes; 9..16 must stay untouched

        SysResult result = _file.Ioctl(Command(IoctlDirection.ReadWrite, TestDrmDriver.Echo, 8), buffer);

        Assert.True(result.IsSuccess);
        Assert.Equal(16, Driver.LastLength);
        Assert.Equal([.. Numbered(8), 0, 0, 0, 0, 0, 0, 0, 0], Driver.LastInput[..16]);
        Assert.Equal([.. Enumerable.Range(0, 8).Select(TestDrmDriver.Pattern), 9, 10, 11, 12, 13, 14, 15, 16], buffer);
    }

    [Fact]
    public void Spec1_4_a_longer_user_struct_is_accepted_and_its_extra_bytes_echoed()
    {
        byte[] buffer = Numbered(24);

        SysResult result = _file.Ioctl(Command(IoctlDirection.ReadWrite, TestDrmDriver.Echo, 24), buffer);

        Assert.True(result.IsSuccess);
        Assert.Equal(16, Driver.LastLength); // the handler gets its own struct; the kernel copy holds all 24 bytes
        Assert.Equal(Numbered(16), Driver.LastInput[..16]);
        Assert.Equal([.. Enumerable.Range(0, 16).Select(TestDrmDriver.Pattern), 17, 18, 19, 20, 21, 22, 23, 24], buffer);
    }

    [Fact]
    public void Spec1_4_a_user_iow_on_an_iowr_ioctl_copies_nothing_back()
    {
        byte[] buffer = Numbered(16);

        Assert.True(_file.Ioctl(Command(IoctlDirection.Write, TestDrmDriver.Echo, 16), buffer).IsSuccess);

        Assert.Equal(Numbered(16), Driver.LastInput[..16]);
        Assert.Equal(Numbered(16), buffer);
    }

    [Fact]
    public void Spec1_4_a_user_ior_on_an_iowr_ioctl_passes_zeros_in_and_copies_out()
    {
        byte[] buffer = Numbered(16);

        Assert.True(_file.Ioctl(Command(IoctlDirection.Read, TestDrmDriver.Echo, 16), buffer).IsSuccess);

        Assert.Equal(new byte[16], Driver.LastInput[..16]);
        Assert.Equal(Enumerable.Range(0, 16).Select(TestDrmDriver.Pattern), buffer);
    }

    [Fact]
    public void Spec1_4_the_kernel_definitions_direction_limits_the_copies()
    {
        byte[] toIow = Numbered(16);
        Assert.True(_file.Ioctl(Command(IoctlDirection.ReadWrite, TestDrmDriver.Take, 16), toIow).IsSuccess);
        Assert.Equal(Numbered(16), Driver.LastInput[..16]);
        Assert.Equal(Numbered(16), toIow); // kernel _IOW: no OUT

        byte[] toIor = Numbered(16);
        Assert.True(_file.Ioctl(Command(IoctlDirection.ReadWrite, TestDrmDriver.Give, 16), toIor).IsSuccess);
        Assert.Equal(new byte[16], Driver.LastInput[..16]); // kernel _IOR: no IN
        Assert.Equal(Enumerable.Range(0, 16).Select(TestDrmDriver.Pattern), toIor);
    }

    [Fact]
    public void Spec1_4_a_user_io_gets_the_kernel_size_zeroed_and_nothing_copied()
    {
        Assert.True(_file.Ioctl(Command(IoctlDirection.None, TestDrmDriver.Echo, 0), (void*)null).IsSuccess);
        Assert.Equal(16, Driver.LastLength);
        Assert.Equal(new byte[16], Driver.LastInput[..16]);

        Assert.True(_file.Ioctl(Command(IoctlDirection.None, TestDrmDriver.CoreNoArgument, 0), (void*)null).IsSuccess);
        Assert.Equal(0, Driver.LastLength);
    }

    [Fact]
    public void Spec1_4_a_copy_in_fault_is_efault_without_calling_the_handler()
    {
        Assert.Equal(Errno.EFAULT, _file.Ioctl(Command(IoctlDirection.ReadWrite, TestDrmDriver.Echo, 16), (void*)null).Error);
        Assert.Equal(0, Driver.Calls);
    }

    [Fact]
    public void Spec1_4_a_copy_out_fault_is_efault_overriding_the_handler_result()
    {
        Driver.Results.Enqueue(7);
        Assert.Equal(Errno.EFAULT, _file.Ioctl(Command(IoctlDirection.Read, TestDrmDriver.Give, 16), (void*)null).Error);
        Assert.Equal(1, Driver.Calls);
    }

    [Fact]
    public void Spec1_4_arguments_larger_than_the_stack_buffer_work()
    {
        byte[] buffer = Numbered(4096);
        Assert.True(_file.Ioctl(Command(IoctlDirection.ReadWrite, TestDrmDriver.Echo, 4096), buffer).IsSuccess);
        Assert.Equal(16, Driver.LastLength);
        Assert.Equal(Numbered(16), Driver.LastInput[..16]); // the rest went in and came back out unchanged:
        Assert.Equal([.. Enumerable.Range(0, 16).Select(TestDrmDriver.Pattern), .. Numbered(4096)[16..]], buffer);
    }

    [Fact]
    public void Spec1_6_the_handler_result_is_returned_and_the_output_copied_even_on_error()
    {
        Driver.Results.Enqueue(Errno.EIO.ToKernelReturn());
        byte[] buffer = Numbered(16);

        Assert.Equal(Errno.EIO, _file.Ioctl(Command(IoctlDirection.ReadWrite, TestDrmDriver.Echo, 16), buffer).Error);
        Assert.Equal(Enumerable.Range(0, 16).Select(TestDrmDriver.Pattern), buffer);

        Driver.Results.Enqueue(5);
        Assert.Equal(5, _file.Ioctl(Command(IoctlDirection.ReadWrite, TestDrmDriver.Echo, 16), buffer).Value);
    }

    [Fact]
    public void Handler_eintr_and_eagain_are_retried_by_the_device_file_like_drmIoctl()
    {
        Driver.Results.Enqueue(Errno.EINTR.ToKernelReturn());
        Driver.Results.Enqueue(Errno.EAGAIN.ToKernelReturn());
        byte[] buffer = new byte[16];

        Assert.True(_file.Ioctl(Command(IoctlDirection.ReadWrite, TestDrmDriver.Echo, 16), buffer).IsSuccess);
        Assert.Equal(3, Driver.Calls);
    }

    [Fact]
    public void The_dispatch_path_allocates_nothing()
    {
        ulong command = Command(IoctlDirection.ReadWrite, TestDrmDriver.Echo, 16);
        ulong large = Command(IoctlDirection.ReadWrite, TestDrmDriver.Echo, 1024);
        byte* buffer = stackalloc byte[1024];
        _file.Ioctl(command, buffer);
        _file.Ioctl(large, buffer);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            _file.Ioctl(command, buffer);
            _file.Ioctl(large, buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
