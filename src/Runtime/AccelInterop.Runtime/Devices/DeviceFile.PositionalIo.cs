using AccelInterop.Runtime.Errors;

namespace AccelInterop.Runtime.Devices;

public sealed partial class DeviceFile
{
    /// <summary>
    /// pread(2): reads into <paramref name="buffer"/> at <paramref name="offset"/> of the file (a VFIO
    /// region is at <c>index &lt;&lt; 40</c>) without moving the file position; the value is the byte count.
    /// </summary>
    public SysResult ReadAt(Span<byte> buffer, long offset) =>
        Held(new ReadCall(buffer, offset), static (backend, fd, call) => backend.PRead(fd, call.Buffer, call.Offset), SysResult.Failure(Errno.EBADF));

    /// <summary>pwrite(2): writes <paramref name="buffer"/> at <paramref name="offset"/> without moving the file position; the value is the byte count.</summary>
    public SysResult WriteAt(ReadOnlySpan<byte> buffer, long offset) =>
        Held(new WriteCall(buffer, offset), static (backend, fd, call) => backend.PWrite(fd, call.Buffer, call.Offset), SysResult.Failure(Errno.EBADF));

    private readonly ref struct ReadCall(Span<byte> buffer, long offset)
    {
        public Span<byte> Buffer { get; } = buffer;
        public long Offset { get; } = offset;
    }

    private readonly ref struct WriteCall(ReadOnlySpan<byte> buffer, long offset)
    {
        public ReadOnlySpan<byte> Buffer { get; } = buffer;
        public long Offset { get; } = offset;
    }
}
