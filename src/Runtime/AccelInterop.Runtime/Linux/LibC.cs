using System.Runtime.InteropServices;

namespace AccelInterop.Runtime.Linux;

/// <summary>
/// The libc entry points the Linux backend calls. All set errno, read back through
/// <see cref="Marshal.GetLastPInvokeError"/>. <c>unsigned long</c>/<c>size_t</c> are
/// <see cref="nuint"/>, <c>off_t</c> is <see cref="nint"/> (64-bit offsets on 32-bit go
/// through the *64 variants).
/// </summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    // ioctl is variadic in C; on the Linux ABIs .NET supports a pointer-sized third argument
    // is passed exactly like a fixed one.
    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport(Library, EntryPoint = "mmap64", SetLastError = true)]
    public static partial nint Mmap64(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(void* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int MemfdCreate(string name, uint flags);

    [LibraryImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe2(int* fds, int flags);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "pread", SetLastError = true)]
    public static partial nint PRead(int fd, void* buffer, nuint count, nint offset);

    // The 64-bit-offset entry points, so that offsets past 2 GiB (VFIO's index << 40) work on 32-bit targets too.
    [LibraryImport(Library, EntryPoint = "pread64", SetLastError = true)]
    public static partial nint PRead64(int fd, void* buffer, nuint count, long offset);

    [LibraryImport(Library, EntryPoint = "pwrite64", SetLastError = true)]
    public static partial nint PWrite64(int fd, void* buffer, nuint count, long offset);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(Library, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Library, EntryPoint = "posix_openpt", SetLastError = true)]
    public static partial int PosixOpenPt(int flags);

    [LibraryImport(Library, EntryPoint = "grantpt", SetLastError = true)]
    public static partial int GrantPt(int fd);

    [LibraryImport(Library, EntryPoint = "unlockpt", SetLastError = true)]
    public static partial int UnlockPt(int fd);

    [LibraryImport(Library, EntryPoint = "ptsname_r", SetLastError = true)]
    public static partial int PtsNameR(int fd, byte* buffer, nuint length);
}
