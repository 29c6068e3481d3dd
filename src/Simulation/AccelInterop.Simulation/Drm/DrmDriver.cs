using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Drm;

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

    /// <summary>The device this driver instance drives (set by <see cref="DrmDevice.Create(SimulatedKernel, DrmDriver)"/>).</summary>
    public DrmDevice Device { get; private set; } = null!;

    /// <summary>Binds the driver to its device (once); drivers start their firmware here.</summary>
    public virtual void Attach(DrmDevice device)
    {
        if (Device is not null)
        {
            throw new InvalidOperationException("the driver is already attached to a device");
        }

        Device = device;
    }

    /// <summary>
    /// mmap on a file of this driver; by default drm_gem_mmap for GEM drivers (-EINVAL for an
    /// unknown offset).
    /// </summary>
    public virtual int Mmap(DrmFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping)
    {
        if (HasFeature(DrmDriverFeatures.Gem))
        {
            return DrmCore.GemMmap(file, length, offset, out mapping);
        }

        mapping = null;
        return -EINVAL;
    }

    /// <summary>
    /// gem_prime_import of a dma-buf exported by another device: a new object of this driver
    /// attached to it (the object must take a dma-buf file reference in <c>ImportedFrom</c>); or -errno.
    /// </summary>
    public virtual int ImportForeign(DrmFile file, DmaBuf buffer, out GemObject? imported)
    {
        imported = new GemObject(file.Device, buffer.Size, backing: false);
        imported.UseMemory(buffer.Object.Memory);
        buffer.File.Get();
        imported.ImportedFrom = buffer;
        return 0;
    }
}
