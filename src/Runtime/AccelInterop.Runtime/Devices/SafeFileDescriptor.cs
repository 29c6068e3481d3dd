using System.Runtime.InteropServices;
using AccelInterop.Runtime.Errors;

namespace AccelInterop.Runtime.Devices;

/// <summary>
/// Owns a file descriptor of one backend and closes it there exactly once: on dispose, or from the
/// finalizer where the backend allows it (<see cref="IKernelBackend.ReleasesFromFinalizer"/>). Holding the handle's
/// reference across a call (as <see cref="DeviceFile"/> does) keeps a concurrent close from
/// reusing the number mid-call.
/// </summary>
public sealed class SafeFileDescriptor : SafeHandle
{
    public SafeFileDescriptor(IKernelBackend backend, int fd, bool ownsHandle = true)
        : base(invalidHandleValue: -1, ownsHandle)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Backend = backend;
        SetHandle(fd);
        if (!backend.ReleasesFromFinalizer)
        {
            GC.SuppressFinalize(this); // only Dispose closes it (see IKernelBackend.ReleasesFromFinalizer)
        }
    }

    public IKernelBackend Backend { get; }

    /// <summary>The descriptor number; only meaningful while the handle is open.</summary>
    public int Fd => (int)handle;

    public override bool IsInvalid => handle < 0;

    // close(2) releases the number even when it reports EINTR, so that is not a failure here.
    protected override bool ReleaseHandle()
    {
        SysResult result = Backend.Close((int)handle);
        return result.IsSuccess || result.Error == Errno.EINTR;
    }
}
