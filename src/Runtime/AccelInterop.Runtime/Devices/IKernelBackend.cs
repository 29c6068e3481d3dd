using System.Runtime.InteropServices;
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

    /// <summary>
    /// ioctl(2) whose argument is <paramref name="argumentLength"/> bytes at <paramref name="argument"/>.
    /// The real kernel needs no length (it faults on unmapped memory by itself); a simulated kernel
    /// uses it to fault on a copy outside the caller's argument instead of touching stray memory.
    /// </summary>
    SysResult Ioctl(int fd, ulong request, void* argument, nuint argumentLength) => Ioctl(fd, request, argument);

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

    /// <summary>
    /// Whether making the call that just failed on this thread with <paramref name="error"/> again
    /// can give another answer. The real kernel's EINTR and EAGAIN can (a signal, contention: true);
    /// a simulated kernel says false for a wait it interrupted because nothing could ever end it,
    /// so a retry policy surfaces that EINTR instead of looping.
    /// </summary>
    bool MayRepeat(Errno error) => true;

    /// <summary>
    /// Whether a descriptor or mapping nobody disposed may be closed or unmapped by the garbage
    /// collector's finalizer. The real kernel: yes, exactly once (<see cref="SafeHandle"/>'s
    /// guarantee). A simulated kernel: no: a finalizer makes its call at a moment no seed
    /// controls, and after the process has exited and reused the number it would close another
    /// file; an undisposed descriptor stays open until its process exits, as a leaked one does.
    /// </summary>
    bool ReleasesFromFinalizer => true;
}
