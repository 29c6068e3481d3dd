using System.Diagnostics;
using System.Runtime.CompilerServices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Linux;

namespace AccelInterop.Runtime.Devices;

/// <summary>
/// An open file of a backend (the real kernel or a simulated process): typed ioctls over the
/// generated requests, mmap, poll and close. <see cref="Ioctl{TArg}"/> repeats a call as the
/// device's <see cref="RetryPolicy"/> says (libdrm's EINTR/EAGAIN loop for DRM nodes);
/// <see cref="IoctlOnce{TArg}"/> is one attempt. Ioctls allocate nothing; failures are
/// <see cref="SysResult"/>s, the <c>OrThrow</c> variants throw <see cref="ErrnoException"/>.
/// Using a closed file fails with EBADF, as the kernel would.
/// </summary>
public sealed unsafe partial class DeviceFile : IDisposable
{
    private readonly SafeFileDescriptor _handle;

    /// <param name="retry">How <see cref="Ioctl{TArg}"/> repeats failed calls (default: never).</param>
    public DeviceFile(SafeFileDescriptor handle, IoctlRetryPolicy? retry = null)
    {
        ArgumentNullException.ThrowIfNull(handle);
        _handle = handle;
        RetryPolicy = retry ?? IoctlRetryPolicy.None;
    }

    public SafeFileDescriptor Handle => _handle;

    public IKernelBackend Backend => _handle.Backend;

    public bool IsClosed => _handle.IsClosed;

    /// <summary>How <see cref="Ioctl{TArg}"/> repeats failed calls on this device.</summary>
    public IoctlRetryPolicy RetryPolicy { get; }

    /// <summary>
    /// Opens <paramref name="path"/> in <paramref name="backend"/>, close-on-exec like libdrm's open,
    /// with the retry policy of that kind of node (<see cref="IoctlRetryPolicy.ForNode"/>).
    /// </summary>
    public static SysResult<DeviceFile> Open(IKernelBackend backend, string path, OpenFlags flags = OpenFlags.ReadWrite | OpenFlags.CloseOnExec) =>
        Open(backend, path, flags, IoctlRetryPolicy.ForNode(path ?? throw new ArgumentNullException(nameof(path))));

    /// <summary>Opens <paramref name="path"/> in <paramref name="backend"/> with the given retry policy.</summary>
    public static SysResult<DeviceFile> Open(IKernelBackend backend, string path, OpenFlags flags, IoctlRetryPolicy retry)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(retry);
        SysResult opened = backend.Open(path, flags);
        return opened.IsSuccess
            ? SysResult<DeviceFile>.Success(new DeviceFile(new SafeFileDescriptor(backend, opened.Value), retry))
            : SysResult<DeviceFile>.Failure(opened.Error);
    }

    /// <summary>Opens <paramref name="path"/> on the real kernel.</summary>
    public static SysResult<DeviceFile> Open(string path, OpenFlags flags = OpenFlags.ReadWrite | OpenFlags.CloseOnExec) =>
        Open(LinuxKernel.Instance, path, flags);

    /// <summary>An ioctl whose argument is a <typeparamref name="TArg"/>, read and/or written in place; repeated as <see cref="RetryPolicy"/> says.</summary>
    public SysResult Ioctl<TArg>(in IoctlRequest<TArg> request, ref TArg argument) where TArg : unmanaged
    {
        CheckArgumentSize(request);
        fixed (TArg* pointer = &argument)
        {
            return Call(request.Value, pointer, (nuint)sizeof(TArg), RetryPolicy);
        }
    }

    /// <summary>One attempt of an ioctl whose argument is a <typeparamref name="TArg"/> (no retry, whatever the device).</summary>
    public SysResult IoctlOnce<TArg>(in IoctlRequest<TArg> request, ref TArg argument) where TArg : unmanaged
    {
        CheckArgumentSize(request);
        fixed (TArg* pointer = &argument)
        {
            return Call(request.Value, pointer, (nuint)sizeof(TArg), IoctlRetryPolicy.None);
        }
    }

    /// <summary>An ioctl without argument (<c>_IO</c>).</summary>
    public SysResult Ioctl(in IoctlRequest request) => Call(request.Value, null, 0, RetryPolicy);

    /// <summary>One attempt of an ioctl without argument.</summary>
    public SysResult IoctlOnce(in IoctlRequest request) => Call(request.Value, null, 0, IoctlRetryPolicy.None);

    /// <summary>An untyped ioctl over a byte buffer (the buffer is the argument).</summary>
    public SysResult Ioctl(ulong request, Span<byte> argument)
    {
        fixed (byte* pointer = argument)
        {
            return Call(request, pointer, (nuint)argument.Length, RetryPolicy);
        }
    }

    /// <summary>One attempt of an untyped ioctl over a byte buffer.</summary>
    public SysResult IoctlOnce(ulong request, Span<byte> argument)
    {
        fixed (byte* pointer = argument)
        {
            return Call(request, pointer, (nuint)argument.Length, IoctlRetryPolicy.None);
        }
    }

    /// <summary>
    /// An untyped ioctl with a raw argument pointer (or an integer passed as one). Its extent is
    /// unknown to the backend: a simulated kernel copies only from memory the process registered;
    /// pass a span (or a typed argument) to describe the argument instead.
    /// </summary>
    public SysResult Ioctl(ulong request, void* argument) => Call(request, argument, UnknownLength, RetryPolicy);

    /// <summary>One attempt of an untyped ioctl with a raw argument pointer (or an integer passed as one).</summary>
    public SysResult IoctlOnce(ulong request, void* argument) => Call(request, argument, UnknownLength, IoctlRetryPolicy.None);

    /// <summary><see cref="Ioctl{TArg}"/>, throwing <see cref="ErrnoException"/> naming the request on failure.</summary>
    public int IoctlOrThrow<TArg>(in IoctlRequest<TArg> request, ref TArg argument) where TArg : unmanaged =>
        Ioctl(request, ref argument).ThrowIfError(request.Name);

    /// <summary><see cref="Ioctl(in IoctlRequest)"/>, throwing <see cref="ErrnoException"/> on failure.</summary>
    public int IoctlOrThrow(in IoctlRequest request) => Ioctl(request).ThrowIfError(request.Name);

    /// <summary>Maps <paramref name="length"/> bytes of the file at <paramref name="offset"/> (e.g. a GEM fake offset).</summary>
    public SysResult<MappedRegion> Map(nuint length, long offset = 0,
        MemoryProtection protection = MemoryProtection.ReadWrite, MapFlags flags = MapFlags.Shared) =>
        Held((length, offset, protection, flags), static (backend, fd, call) =>
        {
            SysResult<nint> mapped = backend.Mmap(0, call.length, call.protection, call.flags, fd, call.offset);
            return mapped.TryGetValue(out nint address)
                ? SysResult<MappedRegion>.Success(new MappedRegion(backend, address, call.length))
                : SysResult<MappedRegion>.Failure(mapped.Error);
        }, SysResult<MappedRegion>.Failure(Errno.EBADF));

    /// <summary>read(2) into <paramref name="buffer"/>; the value is the byte count.</summary>
    public SysResult Read(Span<byte> buffer) =>
        Held(buffer, static (backend, fd, span) => backend.Read(fd, span), SysResult.Failure(Errno.EBADF));

    /// <summary>write(2) from <paramref name="buffer"/>; the value is the byte count.</summary>
    public SysResult Write(ReadOnlySpan<byte> buffer) =>
        Held(buffer, static (backend, fd, span) => backend.Write(fd, span), SysResult.Failure(Errno.EBADF));

    /// <summary>fstat(2): the file's identity (same <see cref="FileStatus.Device"/> and <see cref="FileStatus.Inode"/>: the same object).</summary>
    public SysResult<FileStatus> Stat() =>
        Held(0, static (backend, fd, _) => backend.Stat(fd), SysResult<FileStatus>.Failure(Errno.EBADF));

    /// <summary>eventfd2(2) in <paramref name="backend"/>: a counter file drivers signal (VFIO interrupts, syncobj eventfds).</summary>
    public static SysResult<DeviceFile> CreateEventFd(IKernelBackend backend, uint initialValue = 0, EventFdFlags flags = EventFdFlags.CloseOnExec)
    {
        ArgumentNullException.ThrowIfNull(backend);
        SysResult created = backend.EventFd(initialValue, flags);
        return created.IsSuccess
            ? SysResult<DeviceFile>.Success(new DeviceFile(new SafeFileDescriptor(backend, created.Value)))
            : SysResult<DeviceFile>.Failure(created.Error);
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> (-1: forever, 0: just look) for one of
    /// <paramref name="events"/>; the value is the returned events, <see cref="PollEvents.None"/>
    /// on timeout. A wait interrupted by a signal resumes with the time that is left.
    /// </summary>
    public SysResult<PollEvents> Poll(PollEvents events, int timeoutMilliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeoutMilliseconds, -1);
        if (!TryAddRef())
        {
            return SysResult<PollEvents>.Failure(Errno.EBADF);
        }

        try
        {
            long start = Stopwatch.GetTimestamp();
            var entry = new PollFd(_handle.Fd, events);
            while (true)
            {
                int timeout = RemainingMilliseconds(timeoutMilliseconds, start);
                SysResult result = _handle.Backend.Poll(new Span<PollFd>(ref entry), timeout);
                if (result.IsSuccess)
                {
                    return SysResult<PollEvents>.Success(result.Value == 0 ? PollEvents.None : entry.ReturnedEvents);
                }

                if (result.Error != Errno.EINTR)
                {
                    return SysResult<PollEvents>.Failure(result.Error);
                }
            }
        }
        finally
        {
            _handle.DangerousRelease();
        }
    }

    /// <summary>Closes the descriptor (once; later calls do nothing). Mappings stay valid.</summary>
    public void Dispose() => _handle.Dispose();

    public override string ToString() => _handle.IsClosed ? "closed device file" : $"fd {_handle.Fd} on {_handle.Backend}";

    // A call on the descriptor with the handle held, so a concurrent close cannot reuse the number mid-call.
    private TResult Held<TState, TResult>(TState state, Func<IKernelBackend, int, TState, TResult> call, TResult closed)
        where TState : allows ref struct
    {
        if (!TryAddRef())
        {
            return closed;
        }

        try
        {
            return call(_handle.Backend, _handle.Fd, state);
        }
        finally
        {
            _handle.DangerousRelease();
        }
    }

    // A raw pointer's extent is unknown: the backend gets no length (a simulated kernel then copies only from registered memory).
    private static readonly nuint UnknownLength = nuint.MaxValue;

    private SysResult Call(ulong request, void* argument, nuint length, IoctlRetryPolicy retry)
    {
        if (!TryAddRef())
        {
            return SysResult.Failure(Errno.EBADF);
        }

        try
        {
            SysResult result;
            do
            {
                result = length == UnknownLength
                    ? _handle.Backend.Ioctl(_handle.Fd, request, argument)
                    : _handle.Backend.Ioctl(_handle.Fd, request, argument, length);
            }
            while (!result.IsSuccess && retry.Repeats(result.Error) && _handle.Backend.MayRepeat(result.Error));

            return result;
        }
        finally
        {
            _handle.DangerousRelease();
        }
    }

    // The kernel copies Size bytes; a smaller TArg would let it write past the argument.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckArgumentSize<TArg>(in IoctlRequest<TArg> request) where TArg : unmanaged
    {
        if (request.Size > (uint)sizeof(TArg))
        {
            ThrowArgumentTooSmall(request.Name, request.Size, sizeof(TArg));
        }
    }

    private bool TryAddRef()
    {
        if (_handle.IsClosed)
        {
            return false;
        }

        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            // Closed by another thread between the check and the reference.
        }

        return added;
    }

    private static int RemainingMilliseconds(int timeoutMilliseconds, long start)
    {
        if (timeoutMilliseconds <= 0)
        {
            return timeoutMilliseconds;
        }

        long elapsed = (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return (int)Math.Max(0, timeoutMilliseconds - elapsed);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowArgumentTooSmall(string name, uint size, int argumentSize) =>
        throw new ArgumentException($"{name} encodes {size} bytes but its argument type has {argumentSize}");
}
