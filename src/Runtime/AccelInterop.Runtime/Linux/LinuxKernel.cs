using System.Runtime.InteropServices;
using System.Text;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;

namespace AccelInterop.Runtime.Linux;

/// <summary>
/// The real kernel, through libc: each call is one system call, its failure the errno libc
/// reports. Besides the device-file calls it offers the few others that make fds to work on
/// (pipes, memfds, ptys) and move bytes through them.
/// </summary>
public sealed unsafe class LinuxKernel : IKernelBackend
{
    private LinuxKernel()
    {
    }

    public static LinuxKernel Instance { get; } = new();

    /// <summary>memfd_create's MFD_CLOEXEC (checked against gcc in the tests).</summary>
    public const uint MemfdCloseOnExec = 0x1;

    public SysResult Open(string path, OpenFlags flags)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FromInt(LibC.Open(path, (int)flags, 0));
    }

    public SysResult Close(int fd) => FromInt(LibC.Close(fd));

    public SysResult Ioctl(int fd, ulong request, void* argument) => FromInt(LibC.Ioctl(fd, (nuint)request, argument));

    public SysResult<nint> Mmap(nint address, nuint length, MemoryProtection protection, MapFlags flags, int fd, long offset)
    {
        nint mapped = IntPtr.Size == 8
            ? LibC.Mmap(address, length, (int)protection, (int)flags, fd, (nint)offset)
            : LibC.Mmap64(address, length, (int)protection, (int)flags, fd, offset);
        return mapped == -1 ? SysResult<nint>.Failure(LastError()) : SysResult<nint>.Success(mapped);
    }

    public SysResult Munmap(nint address, nuint length) => FromInt(LibC.Munmap(address, length));

    public SysResult Poll(Span<PollFd> fds, int timeoutMilliseconds)
    {
        fixed (PollFd* pointer = fds)
        {
            return FromInt(LibC.Poll(pointer, (nuint)fds.Length, timeoutMilliseconds));
        }
    }

    public SysResult Read(int fd, Span<byte> buffer)
    {
        fixed (byte* pointer = buffer)
        {
            return FromSize(LibC.Read(fd, pointer, (nuint)buffer.Length));
        }
    }

    public SysResult Write(int fd, ReadOnlySpan<byte> buffer)
    {
        fixed (byte* pointer = buffer)
        {
            return FromSize(LibC.Write(fd, pointer, (nuint)buffer.Length));
        }
    }

    public SysResult PRead(int fd, Span<byte> buffer, long offset)
    {
        fixed (byte* pointer = buffer)
        {
            return FromSize(LibC.PRead64(fd, pointer, (nuint)buffer.Length, offset));
        }
    }

    public SysResult PWrite(int fd, ReadOnlySpan<byte> buffer, long offset)
    {
        fixed (byte* pointer = buffer)
        {
            return FromSize(LibC.PWrite64(fd, pointer, (nuint)buffer.Length, offset));
        }
    }

    public SysResult EventFd(uint initialValue, EventFdFlags flags) => FromInt(LibC.EventFd(initialValue, (int)flags));

    public SysResult<FileStatus> Stat(int fd) => Statx.Of(fd);

    /// <summary>pipe2(2): a read end and a write end.</summary>
    public SysResult<(SafeFileDescriptor Read, SafeFileDescriptor Write)> Pipe(OpenFlags flags = OpenFlags.CloseOnExec)
    {
        int* fds = stackalloc int[2];
        if (LibC.Pipe2(fds, (int)flags) != 0)
        {
            return SysResult<(SafeFileDescriptor, SafeFileDescriptor)>.Failure(LastError());
        }

        return SysResult<(SafeFileDescriptor, SafeFileDescriptor)>.Success((Own(fds[0]), Own(fds[1])));
    }

    /// <summary>memfd_create(2): anonymous shared memory with a descriptor (MFD_CLOEXEC).</summary>
    public SysResult<SafeFileDescriptor> MemfdCreate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int fd = LibC.MemfdCreate(name, MemfdCloseOnExec);
        return fd < 0 ? SysResult<SafeFileDescriptor>.Failure(LastError()) : SysResult<SafeFileDescriptor>.Success(Own(fd));
    }

    /// <summary>
    /// A new pseudo-terminal master (posix_openpt, grantpt, unlockpt) and the path of its
    /// terminal (ptsname_r).
    /// </summary>
    public SysResult<(SafeFileDescriptor Master, string TerminalPath)> OpenPseudoTerminal(OpenFlags flags = OpenFlags.ReadWrite | OpenFlags.NoControllingTerminal | OpenFlags.CloseOnExec)
    {
        int fd = LibC.PosixOpenPt((int)flags);
        if (fd < 0)
        {
            return SysResult<(SafeFileDescriptor, string)>.Failure(LastError());
        }

        SafeFileDescriptor master = Own(fd);
        const int PathCapacity = 128;
        byte* path = stackalloc byte[PathCapacity];
        if (LibC.GrantPt(fd) != 0 || LibC.UnlockPt(fd) != 0)
        {
            Errno error = LastError();
            master.Dispose();
            return SysResult<(SafeFileDescriptor, string)>.Failure(error);
        }

        // ptsname_r returns the error number instead of setting errno.
        int failed = LibC.PtsNameR(fd, path, PathCapacity);
        if (failed != 0)
        {
            master.Dispose();
            return SysResult<(SafeFileDescriptor, string)>.Failure(new Errno(failed));
        }

        var text = new ReadOnlySpan<byte>(path, PathCapacity);
        string terminal = Encoding.UTF8.GetString(text[..text.IndexOf((byte)0)]);
        return SysResult<(SafeFileDescriptor, string)>.Success((master, terminal));
    }

    /// <summary>read(2) into <paramref name="buffer"/>; the value is the byte count.</summary>
    public SysResult Read(SafeFileDescriptor fd, Span<byte> buffer)
    {
        using FdReference held = new(fd);
        return Read(held.Fd, buffer);
    }

    /// <summary>write(2) from <paramref name="buffer"/>; the value is the byte count.</summary>
    public SysResult Write(SafeFileDescriptor fd, ReadOnlySpan<byte> buffer)
    {
        using FdReference held = new(fd);
        return Write(held.Fd, buffer);
    }

    /// <summary>pread(2) at <paramref name="offset"/>, leaving the file position alone.</summary>
    public SysResult PRead(SafeFileDescriptor fd, Span<byte> buffer, long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, (long)nint.MaxValue);
        using FdReference held = new(fd);
        fixed (byte* pointer = buffer)
        {
            return FromSize(LibC.PRead(held.Fd, pointer, (nuint)buffer.Length, (nint)offset));
        }
    }

    public override string ToString() => "Linux";

    private SafeFileDescriptor Own(int fd) => new(this, fd);

    private static SysResult FromInt(int value) => value == -1 ? SysResult.Failure(LastError()) : SysResult.Success(value);

    private static SysResult FromSize(nint value) => value == -1 ? SysResult.Failure(LastError()) : SysResult.Success(checked((int)value));

    private static Errno LastError() => new(Marshal.GetLastPInvokeError());
}
