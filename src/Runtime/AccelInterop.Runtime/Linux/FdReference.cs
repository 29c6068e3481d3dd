using AccelInterop.Runtime.Devices;

namespace AccelInterop.Runtime.Linux;

/// <summary>
/// Holds a reference on a <see cref="SafeFileDescriptor"/> for the duration of one call, so the
/// number cannot be closed and reused underneath it. Throws ObjectDisposedException when closed.
/// </summary>
internal ref struct FdReference
{
    private readonly SafeFileDescriptor _handle;
    private bool _added;

    public FdReference(SafeFileDescriptor handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        _handle = handle;
        _added = false;
        handle.DangerousAddRef(ref _added);
    }

    public readonly int Fd => _handle.Fd;

    public void Dispose()
    {
        if (_added)
        {
            _added = false;
            _handle.DangerousRelease();
        }
    }
}
