using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Linux;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>
/// The benchmarks' shared baseline: one real ioctl(FIONREAD) on a pipe through the libc backend
/// (the request number from gcc at setup).
/// </summary>
public sealed class PipeFionread : IDisposable
{
    private readonly DeviceFile _reader;
    private readonly DeviceFile _writer;
    private readonly IoctlRequest<int> _fionread;

    public PipeFionread()
    {
        (SafeFileDescriptor read, SafeFileDescriptor write) = LinuxKernel.Instance.Pipe().Value;
        _reader = new DeviceFile(read);
        _writer = new DeviceFile(write);
        _fionread = new IoctlRequest<int>("FIONREAD", IoctlDirection.None, 0, 0, 0, CompilerValues.Fionread());
    }

    /// <summary>The bytes waiting in the pipe (0): one system call.</summary>
    public int Call()
    {
        int available = 0;
        _reader.Ioctl(_fionread, ref available);
        return available;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _writer.Dispose();
    }
}
