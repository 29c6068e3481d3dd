using AccelInterop.Runtime.Errors;

namespace AccelInterop.Runtime.Devices;

/// <summary>
/// The system calls a device file needs, by file descriptor number, as one process sees them:
/// the real kernel (<c>LinuxKernel</c>) or a process of the simulated kernel. Each call is made
/// once; failures come back as the errno the kernel would set, never as exceptions. Repeating
/// interrupted calls is the caller's business (<see cref="DeviceFile"/> does, per <see cref="IoctlRetryPolicy"/>).
/// </summary>
public unsafe interface IKernelBackend
{
    /// <summary>open(2); the result's value is the new descriptor.</summary>
    SysResult Open(string path, OpenFlags flags);

    /// <summary>close(2).</summary>
    SysResult Close(int fd);

    /// <summary>ioctl(2) with a pointer argument (or an integer passed as a pointer, or null).</summary>
    SysResult Ioctl(int fd, ulong request, void* argument);

    /// <summary>mmap(2) of a descriptor; the value is the mapping's address.</summary>
    SysResult<nint> Mmap(nint address, nuint length, MemoryProtection protection, MapFlags flags, int fd, long offset);

    /// <summary>munmap(2).</summary>
    SysResult Munmap(nint address, nuint length);

    /// <summary>poll(2); the value is the number of entries with returned events, 0 on timeout.</summary>
    SysResult Poll(Span<PollFd> fds, int timeoutMilliseconds);

    /// <summary>read(2); the value is the byte count (0 at end of file).</summary>
    SysResult Read(int fd, Span<byte> buffer);

    /// <summary>write(2); the value is the byte count.</summary>
    SysResult Write(int fd, ReadOnlySpan<byte> buffer);

    /// <summary>pread(2): reads at <paramref name="offset"/> without moving the file position; the value is the byte count.</summary>
    SysResult PRead(int fd, Span<byte> buffer, long offset);

    /// <summary>pwrite(2): writes at <paramref name="offset"/> without moving the file position; the value is the byte count.</summary>
    SysResult PWrite(int fd, ReadOnlySpan<byte> buffer, long offset);

    /// <summary>eventfd2(2): a new eventfd with the counter at <paramref name="initialValue"/>; the value is its descriptor.</summary>
    SysResult EventFd(uint initialValue, EventFdFlags flags);

    /// <summary>fstat(2): the identity of the open file.</summary>
    SysResult<FileStatus> Stat(int fd);
}
