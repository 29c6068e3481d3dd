using System.Buffers.Binary;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>eventfd(2) on the simulation, each rule checked against the real kernel on this machine (fs/eventfd.c).</summary>
public sealed class EventFdTests
{
    private static SysResult Write(DeviceFile file, ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
        return file.Write(buffer);
    }

    private static (Errno Error, ulong Value) Read(DeviceFile file)
    {
        Span<byte> buffer = stackalloc byte[8];
        SysResult read = file.Read(buffer);
        return (read.Error, read.IsSuccess ? BinaryPrimitives.ReadUInt64LittleEndian(buffer) : 0);
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void A_read_takes_the_whole_count_and_an_empty_counter_is_eagain_when_non_blocking(string backend)
    {
        using DeviceFile eventFd = DeviceFile.CreateEventFd(Backends.Get(backend), 2, EventFdFlags.NonBlocking | EventFdFlags.CloseOnExec).Value;

        Assert.Equal(8, Write(eventFd, 5).Value);
        Assert.Equal(PollEvents.In | PollEvents.Out, eventFd.Poll(PollEvents.In | PollEvents.Out, 0).Value);
        Assert.Equal((Errno.None, 7UL), Read(eventFd));
        Assert.Equal(Errno.EAGAIN, Read(eventFd).Error);
        Assert.Equal(PollEvents.Out, eventFd.Poll(PollEvents.In | PollEvents.Out, 0).Value);
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void A_semaphore_read_takes_one(string backend)
    {
        using DeviceFile eventFd = DeviceFile.CreateEventFd(Backends.Get(backend), 2, EventFdFlags.Semaphore | EventFdFlags.NonBlocking).Value;

        Assert.Equal((Errno.None, 1UL), Read(eventFd));
        Assert.Equal((Errno.None, 1UL), Read(eventFd));
        Assert.Equal(Errno.EAGAIN, Read(eventFd).Error);
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void Short_buffers_the_all_ones_value_and_overflow_are_refused(string backend)
    {
        using DeviceFile eventFd = DeviceFile.CreateEventFd(Backends.Get(backend), 0, EventFdFlags.NonBlocking).Value;

        Assert.Equal(Errno.EINVAL, eventFd.Write(new byte[4]).Error);
        Assert.Equal(Errno.EINVAL, eventFd.Read(new byte[7]).Error);
        Assert.Equal(Errno.EINVAL, Write(eventFd, ulong.MaxValue).Error);
        Assert.True(Write(eventFd, ulong.MaxValue - 1).IsSuccess);
        Assert.Equal(Errno.EAGAIN, Write(eventFd, 1).Error); // the count may not reach ULLONG_MAX
        Assert.Equal(PollEvents.In, eventFd.Poll(PollEvents.In | PollEvents.Out, 0).Value);
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void Unknown_flags_are_einval_and_an_eventfd_is_not_a_device(string backend)
    {
        IKernelBackend kernel = Backends.Get(backend);
        Assert.Equal(Errno.EINVAL, kernel.EventFd(0, (EventFdFlags)0x4).Error);
        using DeviceFile eventFd = DeviceFile.CreateEventFd(kernel).Value;
        using DeviceFile other = DeviceFile.CreateEventFd(kernel).Value;

        Assert.False(eventFd.Stat().Value.IsCharacterDevice);
        Assert.True(eventFd.Stat().Value.IsSameFile(other.Stat().Value)); // both on the one anonymous inode
        Assert.Equal(Errno.ENOTTY, eventFd.Ioctl(0x80086440UL, new byte[8]).Error);
    }

    [Fact]
    public void A_driver_signals_an_eventfd_it_holds_and_a_blocked_reader_wakes()
    {
        var kernel = new SimulatedKernel();
        SimulatedProcess process = kernel.CreateProcess();
        using DeviceFile eventFd = DeviceFile.CreateEventFd(process).Value;
        Assert.Equal(-Errno.EBADF, EventFdContext.FromDescriptor(process, 99, out _));
        using DeviceFile zero = DeviceFile.Open(process, "/dev/zero").Value;
        Assert.Equal(-Errno.EINVAL, EventFdContext.FromDescriptor(process, zero.Handle.Fd, out _));
        Assert.Equal(0, EventFdContext.FromDescriptor(process, eventFd.Handle.Fd, out EventFdContext? context));

        (Errno Error, ulong Value) result = default;
        var reader = new Thread(() => result = Read(eventFd));
        reader.Start();
        Thread.Sleep(20);
        Assert.True(reader.IsAlive);
        context!.Signal();
        context.Signal();

        Assert.True(reader.Join(TimeSpan.FromSeconds(5)));
        Assert.Equal(Errno.None, result.Error);
        Assert.InRange(result.Value, 1UL, 2UL);
        eventFd.Dispose();
        context.Signal(); // the driver's reference keeps the context after the file is gone
        Assert.Equal(1, context.ReferenceCount);
        context.Put();
    }
}
