using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Simulation.Kernel;

namespace AccelInterop.Runtime.Simulation.Drm;

/// <summary>
/// A DRM driver model (the kernel's <c>struct drm_driver</c>): identity, features, its ioctl
/// table (numbers from 0x40), and hooks for per-file state and mmap. amdxdna, xe and qda
/// derive from it.
/// </summary>
public abstract class DrmDriver
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    public virtual string Date => "0";
    public abstract int Major { get; }
    public abstract int Minor { get; }
    public virtual int Patchlevel => 0;
    public abstract DrmDriverFeatures Features { get; }

    /// <summary>The driver's ioctls; the first number is DRM_COMMAND_BASE (0x40).</summary>
    public abstract DrmIoctlTable Ioctls { get; }

    public bool HasFeature(DrmDriverFeatures feature) => (Features & feature) == feature;

    /// <summary>A file was opened (driver <c>open</c>): set up per-file state; 0 or <c>-errno</c> to refuse.</summary>
    public virtual int Open(DrmFile file) => 0;

    /// <summary>The file's last reference is gone (driver <c>postclose</c>).</summary>
    public virtual void Postclose(DrmFile file)
    {
    }

    /// <summary>mmap on a file of this driver; the DRM core's answer for an unknown offset is -EINVAL.</summary>
    public virtual int Mmap(DrmFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping)
    {
        mapping = null;
        return Errno.EINVAL.ToKernelReturn();
    }
}
