using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Drm;

/// <summary>A device node of a <see cref="DrmDevice"/> (<c>struct drm_minor</c>); opening it makes a <see cref="DrmFile"/>.</summary>
public sealed class DrmMinor : ICharacterDevice
{
    internal DrmMinor(DrmDevice device, DrmMinorType type, int index, string path)
    {
        Device = device;
        Type = type;
        Index = index;
        Path = path;
    }

    public DrmDevice Device { get; }
    public DrmMinorType Type { get; }
    public int Index { get; }
    public string Path { get; }

    public int Open(SimulatedProcess opener, OpenFlags flags, out IFileOperations? operations)
    {
        operations = null;
        if (Device.IsUnplugged)
        {
            return -ENODEV;
        }

        // drm_file_alloc: a file starts authenticated when its opener has CAP_SYS_ADMIN; on a
        // primary node the first opener becomes master, which also authenticates it.
        var file = new DrmFile(this, authenticated: opener.HasSysAdmin) { Pid = opener.Pid };
        if (Type == DrmMinorType.Primary && Device.TryBecomeMaster(file))
        {
            file.Authenticated = true;
        }

        Device.FileOpened();
        int opened = Device.Driver.OpenFile(file);
        if (opened < 0)
        {
            Device.FileReleased(file);
            return opened;
        }

        operations = file;
        return 0;
    }

    public override string ToString() => Path;
}
