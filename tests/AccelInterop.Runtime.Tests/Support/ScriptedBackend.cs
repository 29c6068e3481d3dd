using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;

namespace AccelInterop.Runtime.Tests.Support;

/// <summary>
/// A backend that fails each call with the errors queued for it, then succeeds, counting calls:
/// for proving what <see cref="DeviceFile"/> itself does (retry, close once, EBADF after close).
/// </summary>
internal sealed unsafe class ScriptedBackend : IKernelBackend
{
    public const int Fd = 7;

    public Queue<Errno> IoctlErrors { get; } = new();
    public Queue<Errno> PollErrors { get; } = new();
    public int IoctlCalls { get; private set; }
    public int PollCalls { get; private set; }
    public int CloseCalls { get; private set; }
    public List<int> PollTimeouts { get; } = [];

    public DeviceFile OpenFile(IoctlRetryPolicy? retry = null) =>
        DeviceFile.Open(this, "/dev/scripted", OpenFlags.ReadWrite | OpenFlags.CloseOnExec, retry ?? IoctlRetryPolicy.None).ThrowIfError();

    public SysResult Open(string path, OpenFlags flags) => SysResult.Success(Fd);

    public SysResult Close(int fd)
    {
        CloseCalls++;
        return SysResult.Success();
    }

    public SysResult Ioctl(int fd, ulong request, void* argument)
    {
        IoctlCalls++;
        return IoctlErrors.TryDequeue(out Errno error) ? SysResult.Failure(error) : SysResult.Success();
    }

    public SysResult<nint> Mmap(nint address, nuint length, MemoryProtection protection, MapFlags flags, int fd, long offset) =>
        SysResult<nint>.Failure(Errno.ENODEV);

    public SysResult Munmap(nint address, nuint length) => SysResult.Success();

    public SysResult Poll(Span<PollFd> fds, int timeoutMilliseconds)
    {
        PollCalls++;
        PollTimeouts.Add(timeoutMilliseconds);
        if (PollErrors.TryDequeue(out Errno error))
        {
            return SysResult.Failure(error);
        }

        fds[0].ReturnedEvents = fds[0].Events;
        return SysResult.Success(1);
    }

    public SysResult Read(int fd, Span<byte> buffer) => SysResult.Failure(Errno.EINVAL);

    public SysResult Write(int fd, ReadOnlySpan<byte> buffer) => SysResult.Failure(Errno.EINVAL);

    public SysResult PRead(int fd, Span<byte> buffer, long offset) => SysResult.Failure(Errno.ESPIPE);

    public SysResult PWrite(int fd, ReadOnlySpan<byte> buffer, long offset) => SysResult.Failure(Errno.ESPIPE);

    public SysResult EventFd(uint initialValue, EventFdFlags flags) => SysResult.Failure(Errno.ENOSYS);

    public SysResult<FileStatus> Stat(int fd) => SysResult<FileStatus>.Failure(Errno.EBADF);
}
