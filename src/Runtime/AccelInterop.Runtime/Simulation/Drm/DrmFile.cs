using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Simulation.Kernel;

namespace AccelInterop.Runtime.Simulation.Drm;

/// <summary>
/// An open DRM file (<c>struct drm_file</c>): per-file state shared by every descriptor of the
/// open file, in whichever process. Its ioctls go through the DRM core's dispatch.
/// </summary>
public sealed class DrmFile : IFileOperations
{
    internal DrmFile(DrmMinor minor, bool authenticated)
    {
        Minor = minor;
        Authenticated = authenticated;
    }

    public DrmMinor Minor { get; }
    public DrmDevice Device => Minor.Device;

    /// <summary>drm_is_render_client: opened through a render node.</summary>
    public bool IsRenderClient => Minor.Type == DrmMinorType.Render;

    public bool Authenticated { get; internal set; }

    public bool IsMaster => Device.IsMaster(this);

    /// <summary>The driver's per-file state (<c>driver_priv</c>).</summary>
    public object? DriverPrivate { get; set; }

    public bool IsReleased { get; private set; }

    int IFileOperations.Ioctl(OpenFile file, SimulatedProcess caller, uint command, ulong argument) =>
        DrmIoctlDispatcher.Dispatch(this, caller, command, argument);

    int IFileOperations.Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping)
    {
        if (Device.IsUnplugged)
        {
            mapping = null;
            return Errors.Errno.ENODEV.ToKernelReturn();
        }

        return Device.Driver.Mmap(this, caller, length, protection, offset, out mapping);
    }

    // drm_poll: readable only when DRM events are queued; none of the modelled drivers queue any.
    PollEvents IFileOperations.Poll(OpenFile file) => PollEvents.None;

    void IFileOperations.Release(OpenFile file)
    {
        IsReleased = true;
        Device.Driver.Postclose(this);
        Device.FileReleased(this);
    }

    public override string ToString() => $"drm file on {Minor.Path}";
}
