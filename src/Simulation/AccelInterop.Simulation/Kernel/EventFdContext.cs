using System.Buffers.Binary;
using AccelInterop.Runtime.Devices;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// An eventfd (<c>fs/eventfd.c</c>, <c>struct eventfd_ctx</c>): a 64-bit counter behind a file.
/// A write adds its value (ULLONG_MAX is -EINVAL; an overflow waits, or -EAGAIN when
/// non-blocking); a read takes the whole count, or 1 with EFD_SEMAPHORE (a zero count waits, or
/// -EAGAIN); buffers under 8 bytes are -EINVAL. Readable while the count is non-zero, writable
/// while it is below ULLONG_MAX - 1, an error at ULLONG_MAX. Drivers hold their own reference
/// (<see cref="FromDescriptor"/>, <c>eventfd_ctx_fdget</c>) and <see cref="Signal"/> it.
/// </summary>
public sealed class EventFdContext : KRef<EventFdContext>, IFileOperations
{
    private readonly Lock _lock = new();
    private readonly SimulatedKernel _kernel;
    private readonly bool _semaphore;
    private ulong _count;
    private Action[] _consumers = [];

    internal EventFdContext(SimulatedKernel kernel, ulong initialValue, bool semaphore)
    {
        _kernel = kernel;
        _count = initialValue;
        _semaphore = semaphore;
    }

    public ulong Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>
    /// eventfd_ctx_fdget: the eventfd behind <paramref name="fd"/> of <paramref name="process"/>
    /// with a reference the caller drops; -EBADF for a bad descriptor, -EINVAL for another file.
    /// </summary>
    public static int FromDescriptor(SimulatedProcess process, int fd, out EventFdContext? context)
    {
        ArgumentNullException.ThrowIfNull(process);
        context = null;
        if (process.GetFile(fd) is not OpenFile file)
        {
            return -EBADF;
        }

        try
        {
            if (file.Operations is not EventFdContext found)
            {
                return -EINVAL;
            }

            context = found.Get();
            return 0;
        }
        finally
        {
            file.Put();
        }
    }

    /// <summary>
    /// A kernel waiter on the eventfd (virqfd's wait-queue entry, <c>drivers/vfio/virqfd.c</c>): each time the
    /// count becomes non-zero, the count is consumed (eventfd_ctx_do_read) and every consumer runs once.
    /// </summary>
    internal void AddConsumer(Action consumer)
    {
        lock (_lock)
        {
            _consumers = [.. _consumers, consumer];
        }
    }

    internal void RemoveConsumer(Action consumer)
    {
        lock (_lock)
        {
            _consumers = [.. _consumers.Where(c => c != consumer)];
        }
    }

    /// <summary>eventfd_signal: adds one (the count stays at ULLONG_MAX once there) and wakes readers and pollers.</summary>
    public void Signal()
    {
        lock (_lock)
        {
            if (_count < ulong.MaxValue)
            {
                _count++;
            }
        }

        WakeUp();
    }

    // The wait-queue callbacks run on every wakeup that leaves a count: they consume it, then act.
    private void WakeUp()
    {
        Action[] consumers;
        lock (_lock)
        {
            consumers = _consumers;
            if (consumers.Length != 0 && _count != 0)
            {
                _count = 0;
            }
            else
            {
                consumers = [];
            }
        }

        foreach (Action consumer in consumers)
        {
            consumer();
        }

        _kernel.FenceWakeup.WakeUpAll();
        _kernel.WakeUpPollers();
    }

    int IFileOperations.Read(OpenFile file, SimulatedProcess caller, Span<byte> destination, long offset)
    {
        if (destination.Length < sizeof(ulong))
        {
            return -EINVAL;
        }

        while (true)
        {
            ulong taken;
            lock (_lock)
            {
                taken = _count == 0 ? 0 : _semaphore ? 1 : _count;
                _count -= taken;
            }

            if (taken != 0)
            {
                WakeUp();
                BinaryPrimitives.WriteUInt64LittleEndian(destination, taken);
                return sizeof(ulong);
            }

            int waited = Wait(file, new CountAtLeast(this, 1));
            if (waited < 0)
            {
                return waited;
            }
        }
    }

    int IFileOperations.Write(OpenFile file, SimulatedProcess caller, ReadOnlySpan<byte> source, long offset)
    {
        if (source.Length < sizeof(ulong))
        {
            return -EINVAL;
        }

        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(source);
        if (value == ulong.MaxValue)
        {
            return -EINVAL;
        }

        while (true)
        {
            bool added;
            lock (_lock)
            {
                added = ulong.MaxValue - _count > value;
                if (added)
                {
                    _count += value;
                }
            }

            if (added)
            {
                WakeUp();
                return sizeof(ulong);
            }

            int waited = Wait(file, new RoomFor(this, value));
            if (waited < 0)
            {
                return waited;
            }
        }
    }

    PollEvents IFileOperations.Poll(OpenFile file)
    {
        ulong count = Count;
        return (count > 0 ? PollEvents.In : PollEvents.None) |
            (count < ulong.MaxValue - 1 ? PollEvents.Out : PollEvents.None) |
            (count == ulong.MaxValue ? PollEvents.Error : PollEvents.None);
    }

    // The file's reference on the context; drivers may hold it longer.
    void IFileOperations.Release(OpenFile file) => Put();

    protected override void Release()
    {
    }

    private int Wait<TCondition>(OpenFile file, TCondition condition) where TCondition : struct, IWaitCondition =>
        (file.Flags & OpenFlags.NonBlocking) != 0 ? -EAGAIN : _kernel.WaitUntil(ref condition, long.MaxValue);

    private readonly struct CountAtLeast(EventFdContext context, ulong minimum) : IWaitCondition
    {
        public bool IsSatisfied() => context.Count >= minimum;
    }

    private readonly struct RoomFor(EventFdContext context, ulong value) : IWaitCondition
    {
        public bool IsSatisfied() => ulong.MaxValue - context.Count > value;
    }

    public override string ToString() => $"eventfd (count {Count})";
}
