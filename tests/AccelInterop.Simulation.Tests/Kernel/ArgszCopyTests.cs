using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>
/// The argsz/minsz copy policy on a test character device with a VFIO-style request (<c>_IO(';', n)</c>,
/// the size in the struct): vfio.md's generic rule and copy_struct_from_user's -E2BIG
/// (<c>include/linux/uaccess.h:copy_struct_from_user</c>).
/// </summary>
public sealed unsafe class ArgszCopyTests
{
    /// <summary>An extensible struct: argsz, flags, value are mandatory (minsz 16); extra was added later.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Extensible
    {
        public uint argsz;
        public uint flags;
        public ulong value;
        public ulong extra;
    }

    private const byte VfioType = (byte)';';

    private static readonly IoctlRequest Strict = Request("TEST_STRICT", 100 + 0x30);
    private static readonly IoctlRequest Lenient = Request("TEST_LENIENT", 100 + 0x31);

    private static IoctlRequest Request(string name, byte number) =>
        new(name, VfioType, number, IoctlEncoding.Current.Encode(IoctlDirection.None, VfioType, number, 0));

    /// <summary>The device: one file type, one table; the handler records what it saw and answers.</summary>
    private sealed class ArgszDevice : StatelessCharacterDevice, IFileOperations
    {
        private static readonly int MinimumSize = ArgszRule.OffsetOfEnd((ref Extensible s) => ref s.value);

        private readonly IoctlTable<ArgszDevice, NoIoctlFlags> _ioctls;

        public ArgszDevice()
        {
            _ioctls = new IoctlTable<ArgszDevice, NoIoctlFlags>(IoctlCopyPolicy.Argsz, 100)
                .Define<Extensible>(Strict, new ArgszRule(MinimumSize, ArgszTail.MustBeZero, ArgszCopyOut.UpToArgsz), Handle)
                .Define<Extensible>(Lenient, new ArgszRule(MinimumSize), Handle);
        }

        public int Calls;
        public Extensible Seen;
        public IoctlUserArgument SeenUser;

        public int Ioctl(OpenFile file, SimulatedProcess caller, uint command, ulong argument) =>
            _ioctls.Dispatch(this, caller, command, argument);

        private static int Handle(ArgszDevice device, SimulatedProcess caller, ref Extensible argument, IoctlUserArgument user)
        {
            device.Calls++;
            device.Seen = argument;
            device.SeenUser = user;
            argument.value += 1;
            argument.extra = 0xEE;
            return 0;
        }
    }

    private readonly ArgszDevice _device = new();
    private readonly DeviceFile _file;

    public ArgszCopyTests()
    {
        var kernel = new SimulatedKernel();
        kernel.AddDeviceNode("/dev/argsz-test", _device);
        _file = DeviceFile.Open(kernel.CreateProcess(), "/dev/argsz-test").Value;
    }

    private Errno Call(in IoctlRequest request, byte[] buffer) => _file.IoctlOnce(request.Value, buffer).Error;

    private static byte[] Struct(uint argsz, int length, ulong value = 5, ulong extra = 7)
    {
        byte[] buffer = new byte[length];
        MemoryMarshal.Write(buffer, argsz);
        MemoryMarshal.Write(buffer.AsSpan(4), 3u);
        MemoryMarshal.Write(buffer.AsSpan(8), value);
        if (length >= 24)
        {
            MemoryMarshal.Write(buffer.AsSpan(16), extra);
        }

        return buffer;
    }

    [Fact]
    public void Argsz_below_minsz_is_einval_before_the_handler()
    {
        byte[] buffer = Struct(argsz: 15, length: 24);
        Assert.Equal(Errno.EINVAL, Call(Strict, buffer));
        Assert.Equal(Errno.EINVAL, Call(Lenient, buffer));
        Assert.Equal(0, _device.Calls);
    }

    [Fact]
    public void Argsz_of_minsz_reads_and_writes_back_only_the_mandatory_part()
    {
        byte[] buffer = Struct(argsz: 16, length: 24, extra: 7);

        Assert.Equal(Errno.None, Call(Strict, buffer));

        Assert.Equal((3u, 5UL, 0UL), (_device.Seen.flags, _device.Seen.value, _device.Seen.extra)); // extra not read: zero
        Assert.Equal(16u, _device.SeenUser.Size);
        Assert.Equal(6UL, MemoryMarshal.Read<ulong>(buffer.AsSpan(8)));
        Assert.Equal(7UL, MemoryMarshal.Read<ulong>(buffer.AsSpan(16))); // min(argsz, sizeof) = 16 went back
    }

    [Fact]
    public void The_whole_struct_is_read_and_written_back_when_argsz_covers_it()
    {
        byte[] buffer = Struct(argsz: 24, length: 24, extra: 7);

        Assert.Equal(Errno.None, Call(Strict, buffer));

        Assert.Equal(7UL, _device.Seen.extra);
        Assert.Equal(0xEEUL, MemoryMarshal.Read<ulong>(buffer.AsSpan(16)));
    }

    [Fact]
    public void A_longer_caller_struct_needs_zeros_past_the_kernels_else_e2big()
    {
        byte[] zeroTail = Struct(argsz: 32, length: 32);
        Assert.Equal(Errno.None, Call(Strict, zeroTail));
        Assert.Equal(32u, _device.SeenUser.Size);
        Assert.Equal(0UL, MemoryMarshal.Read<ulong>(zeroTail.AsSpan(24))); // nothing past sizeof goes back

        byte[] junkTail = Struct(argsz: 32, length: 32);
        junkTail[31] = 1;
        byte[] before = [.. junkTail];
        Assert.Equal(Errno.E2BIG, Call(Strict, junkTail));
        Assert.Equal(1, _device.Calls);
        Assert.Equal(before, junkTail);
    }

    [Fact]
    public void A_handler_that_ignores_the_tail_takes_junk_past_minsz_and_returns_minsz()
    {
        byte[] buffer = Struct(argsz: 32, length: 32, extra: 9);
        buffer[31] = 1;

        Assert.Equal(Errno.None, Call(Lenient, buffer));

        Assert.Equal(0UL, _device.Seen.extra);
        Assert.Equal(6UL, MemoryMarshal.Read<ulong>(buffer.AsSpan(8)));
        Assert.Equal(9UL, MemoryMarshal.Read<ulong>(buffer.AsSpan(16)));
    }

    [Fact]
    public void A_null_argument_faults_and_another_encoding_of_the_number_is_enotty()
    {
        Assert.Equal(Errno.EFAULT, _file.IoctlOnce(Strict.Value, (void*)null).Error);
        ulong sized = IoctlEncoding.Current.Encode(IoctlDirection.ReadWrite, VfioType, 100 + 0x30, 24);
        Assert.Equal(Errno.ENOTTY, Call(new IoctlRequest("SIZED", VfioType, 100 + 0x30, sized), Struct(24, 24)));
        Assert.Equal(Errno.ENOTTY, Call(Request("UNKNOWN", 100 + 0x32), Struct(24, 24)));
        Assert.Equal(0, _device.Calls);
    }

    [Fact]
    public void Minsz_is_offsetofend_and_must_fit_the_struct()
    {
        Assert.Equal(16, ArgszRule.OffsetOfEnd((ref Extensible s) => ref s.value));
        Assert.Equal(4, ArgszRule.OffsetOfEnd((ref Extensible s) => ref s.argsz));
        var table = new IoctlTable<object, NoIoctlFlags>(IoctlCopyPolicy.Argsz, 100);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            table.Define<Extensible>(Strict, new ArgszRule(40), static (object _, SimulatedProcess _, ref Extensible _, IoctlUserArgument _) => 0));
        var drm = new IoctlTable<object, NoIoctlFlags>(IoctlCopyPolicy.SizeAndDirection, 100);
        Assert.Throws<ArgumentException>(() =>
            drm.Define<Extensible>(Strict, new ArgszRule(16), static (object _, SimulatedProcess _, ref Extensible _, IoctlUserArgument _) => 0));
    }
}
