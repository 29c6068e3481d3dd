using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Linux;
using AccelInterop.Runtime.Tests.Support;

namespace AccelInterop.Runtime.Tests.Linux;

/// <summary>The flag values and the pollfd layout the runtime declares, against this machine's gcc.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class LibcConstantTests
{
    [Theory]
    [InlineData("O_RDONLY", OpenFlags.ReadOnly)]
    [InlineData("O_WRONLY", OpenFlags.WriteOnly)]
    [InlineData("O_RDWR", OpenFlags.ReadWrite)]
    [InlineData("O_NOCTTY", OpenFlags.NoControllingTerminal)]
    [InlineData("O_NONBLOCK", OpenFlags.NonBlocking)]
    [InlineData("O_CLOEXEC", OpenFlags.CloseOnExec)]
    public void Open_flags(string name, OpenFlags flag) => Assert.Equal(KernelProbe.Get(name), (ulong)flag);

    [Theory]
    [InlineData("PROT_NONE", MemoryProtection.None)]
    [InlineData("PROT_READ", MemoryProtection.Read)]
    [InlineData("PROT_WRITE", MemoryProtection.Write)]
    public void Protection_bits(string name, MemoryProtection bit) => Assert.Equal(KernelProbe.Get(name), (ulong)bit);

    [Theory]
    [InlineData("MAP_SHARED", MapFlags.Shared)]
    [InlineData("MAP_PRIVATE", MapFlags.Private)]
    [InlineData("MAP_FIXED", MapFlags.Fixed)]
    public void Map_flags(string name, MapFlags flag) => Assert.Equal(KernelProbe.Get(name), (ulong)flag);

    [Theory]
    [InlineData("POLLIN", PollEvents.In)]
    [InlineData("POLLPRI", PollEvents.Priority)]
    [InlineData("POLLOUT", PollEvents.Out)]
    [InlineData("POLLERR", PollEvents.Error)]
    [InlineData("POLLHUP", PollEvents.HangUp)]
    [InlineData("POLLNVAL", PollEvents.Invalid)]
    public void Poll_events(string name, PollEvents bit) => Assert.Equal(KernelProbe.Get(name), (ulong)(ushort)bit);

    [Fact]
    public void Memfd_close_on_exec()
    {
        ulong declared = LinuxKernel.MemfdCloseOnExec;
        Assert.Equal(KernelProbe.Get("MFD_CLOEXEC"), declared);
    }

    [Fact]
    public void Pollfd_layout()
    {
        Assert.Equal(KernelProbe.Get("pollfd.size"), (ulong)Marshal.SizeOf<PollFd>());
        Assert.Equal(KernelProbe.Get("pollfd.fd"), (ulong)Marshal.OffsetOf<PollFd>(nameof(PollFd.Fd)));
        Assert.Equal(KernelProbe.Get("pollfd.events"), (ulong)Marshal.OffsetOf<PollFd>(nameof(PollFd.Events)));
        Assert.Equal(KernelProbe.Get("pollfd.revents"), (ulong)Marshal.OffsetOf<PollFd>(nameof(PollFd.ReturnedEvents)));
    }

    [Theory]
    [InlineData("EFD_SEMAPHORE", EventFdFlags.Semaphore)]
    [InlineData("EFD_NONBLOCK", EventFdFlags.NonBlocking)]
    [InlineData("EFD_CLOEXEC", EventFdFlags.CloseOnExec)]
    public void Eventfd_flags(string name, EventFdFlags flag) => Assert.Equal(KernelProbe.Get(name), (ulong)flag);

    [Fact]
    public void Statx_layout_and_flags()
    {
        Matches("statx.size", Statx.Size);
        Matches("statx.stx_mode", Statx.ModeOffset);
        Matches("statx.stx_ino", Statx.InodeOffset);
        Matches("statx.stx_rdev_major", Statx.SpecialDeviceMajorOffset);
        Matches("statx.stx_rdev_minor", Statx.SpecialDeviceMajorOffset + 4);
        Matches("statx.stx_dev_major", Statx.DeviceMajorOffset);
        Matches("statx.stx_dev_minor", Statx.DeviceMajorOffset + 4);
        Matches("AT_EMPTY_PATH", Statx.EmptyPath);
        Assert.Equal(KernelProbe.Get("STATX_TYPE") | KernelProbe.Get("STATX_MODE") | KernelProbe.Get("STATX_INO"), Declared(Statx.TypeModeInode));
        Matches("S_IFMT", FileStatus.TypeMask);
        Matches("S_IFCHR", FileStatus.CharacterDevice);
    }

    private static void Matches(string name, long declared) => Assert.Equal(KernelProbe.Get(name), (ulong)declared);

    private static ulong Declared(ulong value) => value;
}
