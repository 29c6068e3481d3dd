using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Drm;

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

    /// <summary>The opener's pid (<c>drm_file.pid</c>): drivers that keep per-process state key it by this.</summary>
    public int Pid { get; internal init; }

    public bool IsMaster => Device.IsMaster(this);

    /// <summary>The driver's per-file state (<c>driver_priv</c>).</summary>
    public object? DriverPrivate { get; internal set; }

    public bool IsReleased { get; private set; }

    /// <summary>GEM handles of this file (first 1, lowest free reused).</summary>
    public HandleTable<GemObject> GemHandles { get; } = new();

    /// <summary>Syncobj handles of this file (first 1, lowest free reused).</summary>
    public HandleTable<DrmSyncobj> Syncobjs { get; } = new();

    /// <summary>Client capabilities set with SET_CLIENT_CAP, by capability number.</summary>
    public Dictionary<ulong, ulong> ClientCaps { get; } = [];

    // The PRIME cache (drm_prime_file_private): dma-buf <-> handle, each entry holding a dma-buf file reference.
    private readonly Dictionary<DmaBuf, uint> _primeByBuffer = [];
    private readonly Dictionary<uint, DmaBuf> _primeByHandle = [];

    internal bool PrimeLookup(DmaBuf buffer, out uint handle) => _primeByBuffer.TryGetValue(buffer, out handle);

    internal DmaBuf? PrimeLookup(uint handle) => _primeByHandle.GetValueOrDefault(handle);

    internal void PrimeAdd(DmaBuf buffer, uint handle)
    {
        buffer.File.Get();
        _primeByBuffer[buffer] = handle;
        _primeByHandle[handle] = buffer;
    }

    internal DmaBuf? PrimeRemove(uint handle)
    {
        if (!_primeByHandle.Remove(handle, out DmaBuf? buffer))
        {
            return null;
        }

        _primeByBuffer.Remove(buffer);
        return buffer;
    }

    /// <summary>drm_gem_handle_create: a new handle for <paramref name="gem"/>, taking a reference of its own.</summary>
    public uint CreateHandle(GemObject gem)
    {
        ArgumentNullException.ThrowIfNull(gem);
        gem.Get();
        gem.HandleCreated(this);
        return GemHandles.Add(gem);
    }

    /// <summary>drm_gem_object_lookup: the object with a reference, or null.</summary>
    public GemObject? LookupObject(uint handle)
    {
        GemObject? gem = GemHandles.Get(handle);
        return gem is not null && gem.TryGet() ? gem : null;
    }

    /// <summary>drm_gem_handle_delete: 0, or -EINVAL when the handle does not exist.</summary>
    public int DeleteHandle(uint handle)
    {
        DmaBuf? cached;
        GemObject? gem;
        lock (Device.PrimeLock)
        {
            gem = GemHandles.Remove(handle);
            if (gem is null)
            {
                return -EINVAL;
            }

            cached = PrimeRemove(handle);
        }

        cached?.File.Put();
        gem.HandleDeleted(this);
        gem.Put();
        return 0;
    }

    /// <summary>The syncobj of <paramref name="handle"/> with a reference, or null (drm_syncobj_find).</summary>
    public DrmSyncobj? FindSyncobj(uint handle)
    {
        lock (Syncobjs)
        {
            return Syncobjs.Get(handle)?.Get();
        }
    }

    int IFileOperations.Ioctl(OpenFile file, SimulatedProcess caller, uint command, ulong argument) =>
        DrmIoctlDispatcher.Dispatch(this, caller, command, argument);

    int IFileOperations.Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping) =>
        ((IFileOperations)this).Mmap(file, caller, length, protection, MapFlags.Shared, offset, out mapping);

    int IFileOperations.Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, MapFlags flags, long offset, out MemoryMapping? mapping)
    {
        if (Device.IsUnplugged)
        {
            mapping = null;
            return -ENODEV;
        }

        return Device.Driver.Mmap(this, caller, length, protection, flags, offset, out mapping);
    }

    // drm_poll: readable only when DRM events are queued; none of the modelled drivers queue any.
    PollEvents IFileOperations.Poll(OpenFile file) => PollEvents.None;

    void IFileOperations.Release(OpenFile file)
    {
        IsReleased = true;

        // drm_file_free: syncobj handles, then GEM handles, then the driver's postclose.
        foreach (KeyValuePair<uint, DrmSyncobj> entry in Syncobjs.RemoveAll())
        {
            entry.Value.Put();
        }

        foreach (KeyValuePair<uint, GemObject> entry in GemHandles.RemoveAll())
        {
            DmaBuf? cached;
            lock (Device.PrimeLock)
            {
                cached = PrimeRemove(entry.Key);
            }

            cached?.File.Put();
            entry.Value.HandleDeleted(this);
            entry.Value.Put();
        }

        Device.Driver.CloseFile(this);
        Device.FileReleased(this);
    }

    public override string ToString() => $"drm file on {Minor.Path}";
}
