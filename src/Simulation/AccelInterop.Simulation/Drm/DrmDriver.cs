using System.Runtime.CompilerServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// A DRM driver model (the kernel's <c>struct drm_driver</c>): identity, features, its ioctl
/// table (numbers from 0x40), per-file state and hooks for mmap and PRIME import. Drivers
/// derive from <see cref="DrmDriver{TFile}"/>, which types the table by their per-file state.
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

    /// <summary>The driver's ioctls, whatever their file type; the first number is DRM_COMMAND_BASE (0x40).</summary>
    public abstract IoctlTable<DrmIoctlFlags> DriverIoctls { get; }

    public bool HasFeature(DrmDriverFeatures feature) => (Features & feature) == feature;

    /// <summary>drm_driver.open for a new file: its per-file state; 0 or <c>-errno</c> to refuse.</summary>
    internal abstract int OpenFile(DrmFile file);

    /// <summary>drm_driver.postclose: the file's last reference is gone.</summary>
    internal abstract void CloseFile(DrmFile file);

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
    /// mmap with the mapping's flags, for drivers whose special offsets refuse private mappings
    /// (xe's PCI barrier page); by default the flags do not matter.
    /// </summary>
    public virtual int Mmap(DrmFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, MapFlags flags, long offset, out MemoryMapping? mapping) =>
        Mmap(file, caller, length, protection, offset, out mapping);

    /// <summary>
    /// gem_prime_import of a dma-buf another exporter made (<c>drm_gem_prime_import_dev</c>): attach
    /// (pinned), map, and a new object of this driver over the mapping (<see cref="CreateImported"/>),
    /// which holds the dma-buf; or -errno, with nothing left attached.
    /// </summary>
    public virtual int ImportForeign(DrmFile file, DmaBuf buffer, out GemObject? imported)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(buffer);
        imported = null;
        int r = buffer.Attach(file.Device, importer: null, out DmaBufAttachment? attachment);
        if (r < 0)
        {
            return r;
        }

        r = buffer.MapAttachment(attachment!, out _);
        if (r < 0)
        {
            buffer.Detach(attachment!);
            return r;
        }

        imported = CreateImported(file, buffer);
        imported.AttachImport(attachment!);
        return 0;
    }

    /// <summary>Whether the driver has a <c>dumb_create</c> hook (without one the dumb-buffer ioctls are -ENOSYS).</summary>
    public virtual bool HasDumbCreate => false;

    /// <summary>
    /// dumb_create after the size is known (<c>drm_gem_shmem_dumb_create</c>: a shmem object of
    /// <paramref name="size"/> bytes); only called when <see cref="HasDumbCreate"/>.
    /// </summary>
    protected internal virtual GemObject CreateDumbObject(DrmFile file, ulong size) =>
        throw new NotSupportedException($"{Name} has no dumb_create");

    /// <summary>gem_prime_import_sg_table: the driver's object for an import (no backing of its own).</summary>
    protected virtual GemObject CreateImported(DrmFile file, DmaBuf buffer) => new(file.Device, buffer.Size, backing: false);
}

/// <summary>
/// A DRM driver whose ioctl handlers get its per-file state <typeparamref name="TFile"/>
/// (<c>drm_file.driver_priv</c>; the <see cref="DrmFile"/> itself for a driver without any).
/// </summary>
public abstract class DrmDriver<TFile> : DrmDriver where TFile : class
{
    /// <summary>The driver's ioctls (numbers from DRM_COMMAND_BASE, 0x40).</summary>
    public abstract IoctlTable<TFile, DrmIoctlFlags> Ioctls { get; }

    public sealed override IoctlTable<DrmIoctlFlags> DriverIoctls => Ioctls;

    /// <summary>The per-file state of <paramref name="file"/>, made by <see cref="Open"/> (only this driver's open sets it).</summary>
    public TFile FileState(DrmFile file) => Unsafe.As<TFile>(file.DriverPrivate!);

    /// <summary>
    /// drm_driver.open: the per-file state of a new file, or <c>-errno</c> to refuse. By default the
    /// file itself, for drivers whose state is the <see cref="DrmFile"/>.
    /// </summary>
    protected virtual int Open(DrmFile file, out TFile? state)
    {
        state = file as TFile ?? throw new InvalidOperationException($"{GetType().Name} keeps per-file state: it must override Open");
        return 0;
    }

    /// <summary>drm_driver.postclose: the file's last reference is gone (after its GEM and syncobj handles).</summary>
    protected virtual void Postclose(TFile state)
    {
    }

    internal sealed override int OpenFile(DrmFile file)
    {
        int opened = Open(file, out TFile? state);
        if (opened == 0)
        {
            file.DriverPrivate = state;
        }

        return opened;
    }

    internal sealed override void CloseFile(DrmFile file)
    {
        if (file.DriverPrivate is TFile state)
        {
            Postclose(state);
        }
    }
}
