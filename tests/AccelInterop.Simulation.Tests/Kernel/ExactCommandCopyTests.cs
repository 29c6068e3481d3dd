using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>A character device's <c>switch (cmd)</c> copy policy: only its exact commands, the struct in whole, back after success.</summary>
public sealed unsafe class ExactCommandCopyTests
{
    private const byte Type = (byte)'x';
    private static readonly IoctlRequest<ulong> Double = Typed(IoctlDirection.ReadWrite, 1);
    private static readonly IoctlRequest<ulong> Store = Typed(IoctlDirection.Write, 2);
    private static readonly IoctlRequest Word = new("WORD", Type, 3, IoctlEncoding.Current.Encode(IoctlDirection.None, Type, 3, 0));

    private static IoctlRequest<ulong> Typed(IoctlDirection direction, byte number) =>
        new($"TEST_{number}", direction, Type, number, 8, IoctlEncoding.Current.Encode(direction, Type, number, 8));

    private sealed class Device : StatelessCharacterDevice, IFileOperations
    {
        private readonly IoctlTable<Device, NoIoctlFlags> _ioctls;

        public Device() => _ioctls = new IoctlTable<Device, NoIoctlFlags>(IoctlCopyPolicy.ExactCommand, 1)
            .Define(Double, static (Device d, SimulatedProcess _, ref ulong value) => (value *= 2) > 100 ? -Errno.ERANGE : 0)
            .Define(Store, static (Device d, SimulatedProcess _, ref ulong value) => { d.Stored = value; value = 0; return 0; })
            .Define(Word, static (Device d, SimulatedProcess _, ulong argument) => { d.Stored = argument; return 7; });

        public ulong Stored;

        public int Ioctl(OpenFile file, SimulatedProcess caller, uint command, ulong argument) => _ioctls.Dispatch(this, caller, command, argument);
    }

    [Fact]
    public void Exact_commands_copy_in_and_back_after_success_only()
    {
        var device = new Device();
        var kernel = new SimulatedKernel();
        kernel.AddDeviceNode("/dev/exact-test", device);
        using DeviceFile file = DeviceFile.Open(kernel.CreateProcess(), "/dev/exact-test").Value;

        ulong value = 21;
        Assert.True(file.Ioctl(Double, ref value).IsSuccess);
        Assert.Equal(42UL, value);
        value = 60;
        Assert.Equal(Errno.ERANGE, file.Ioctl(Double, ref value).Error);
        Assert.Equal(60UL, value); // a failed call copies nothing back

        value = 5;
        Assert.True(file.Ioctl(Store, ref value).IsSuccess);
        Assert.Equal((5UL, 5UL), (device.Stored, value)); // _IOW: nothing back

        Assert.Equal(7, file.Ioctl(Word.Value, (void*)0x1234).Value);
        Assert.Equal(0x1234UL, device.Stored);

        ulong otherSize = IoctlEncoding.Current.Encode(IoctlDirection.ReadWrite, Type, 1, 16);
        Assert.Equal(Errno.ENOTTY, file.Ioctl(otherSize, &value).Error);
        Assert.Equal(Errno.ENOTTY, file.Ioctl(IoctlEncoding.Current.Encode(IoctlDirection.ReadWrite, Type, 9, 8), &value).Error);
        Assert.Equal(Errno.EFAULT, file.Ioctl(Double.Value, (void*)null).Error);
    }

    [Fact]
    public void Commands_sharing_a_number_are_told_apart_by_the_whole_command_and_a_DRM_table_refuses_them()
    {
        // dma-buf's SET_NAME_A/_B: one number, two sizes; a switch (cmd) runs each, any other size of it is -ENOTTY.
        IoctlRequest<uint> narrow = new("NARROW", IoctlDirection.Write, Type, 5, 4, IoctlEncoding.Current.Encode(IoctlDirection.Write, Type, 5, 4));
        IoctlRequest<ulong> wide = Typed(IoctlDirection.Write, 5);
        var table = new IoctlTable<object, NoIoctlFlags>(IoctlCopyPolicy.ExactCommand, 1)
            .DefineByAddress(narrow, default, static (object _, SimulatedProcess _, ulong _) => 4)
            .DefineByAddress(wide, default, static (object _, SimulatedProcess _, ulong _) => 8);
        SimulatedProcess caller = new SimulatedKernel().CreateProcess();

        Assert.Equal(4, table.Dispatch(new object(), caller, (uint)narrow.Value, 0x1000));
        Assert.Equal(8, table.Dispatch(new object(), caller, (uint)wide.Value, 0x1000));
        uint other = (uint)IoctlEncoding.Current.Encode(IoctlDirection.Write, Type, 5, 2);
        Assert.Equal(Errno.ENOTTY.ToKernelReturn(), table.Dispatch(new object(), caller, other, 0x1000));
        Assert.Throws<ArgumentException>(() => table.DefineByAddress(narrow, default, static (object _, SimulatedProcess _, ulong _) => 0));

        // drm_ioctl indexes by number alone: a sized table cannot hold two commands of one number.
        var drm = new IoctlTable<object, NoIoctlFlags>(IoctlCopyPolicy.SizeAndDirection, 1)
            .DefineByAddress(narrow, default, static (object _, SimulatedProcess _, ulong _) => 0);
        Assert.Throws<ArgumentException>(() => drm.DefineByAddress(wide, default, static (object _, SimulatedProcess _, ulong _) => 0));
    }
}
