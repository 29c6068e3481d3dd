using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// One DRM device (<c>struct drm_device</c>): a driver instance with its device nodes — an
/// accel node for compute-accelerator drivers, otherwise a primary node plus a render node for
/// drivers with render support. Can be unplugged, after which calls fail with ENODEV.
/// </summary>
public sealed class DrmDevice
{
    private readonly List<DrmMinor> _minors = [];
    private readonly Lock _lock = new();
    private int _openFiles;
    private volatile bool _unplugged;
    private DrmFile? _master;
    private readonly Lock _offsetLock = new();
    private readonly SortedDictionary<ulong, GemObject> _offsets = [];
    private ulong _nextOffsetPage = FilePageOffsetStart;

    /// <summary>DRM_FILE_PAGE_OFFSET_START: the first page of the fake-offset space ((0xFFFFFFFF >> 12) + 1).</summary>
    public const ulong FilePageOffsetStart = (0xFFFFFFFFUL >> 12) + 1;

    /// <summary>DRM_FILE_PAGE_OFFSET_SIZE (include/drm/drm_vma_manager.h, 64-bit): (0xFFFFFFFF >> 12) * 256 pages.</summary>
    public const ulong FilePageOffsetSize = (0xFFFFFFFFUL >> 12) * 256;

    /// <summary>Serialises PRIME export/import against dma-buf release (the kernel's prime locks).</summary>
    internal Lock PrimeLock { get; } = new();

    /// <summary>Context for the signalled stub fences syncobjs install (SIGNAL, CREATE_SIGNALED).</summary>
    internal Fences.DmaFenceContext StubFences { get; private set; } = null!;

    private DrmDevice(SimulatedKernel kernel, DrmDriver driver, IoctlTable<DrmFile, DrmIoctlFlags> coreIoctls)
    {
        Kernel = kernel;
        Driver = driver;
        CoreIoctls = coreIoctls;
        DriverIoctls = driver.DriverIoctls;
    }

    /// <summary>
    /// Creates the device and its nodes in <paramref name="kernel"/>, numbered with the lowest
    /// free index (/dev/accel/accelN; /dev/dri/cardN and /dev/dri/renderD(128+N)).
    /// </summary>
    public static DrmDevice Create(SimulatedKernel kernel, DrmDriver driver, IoctlTable<DrmFile, DrmIoctlFlags> coreIoctls)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(coreIoctls);
        if (coreIoctls.FirstNumber != 0 || driver.DriverIoctls.FirstNumber != DrmIoctlTable.DriverBase ||
            coreIoctls.Policy != IoctlCopyPolicy.SizeAndDirection || driver.DriverIoctls.Policy != IoctlCopyPolicy.SizeAndDirection)
        {
            throw new ArgumentException("the core table starts at 0 and the driver's at DRM_COMMAND_BASE (0x40)");
        }

        // The DRM core's kinds are reported from the first device on, even before an object exists.
        kernel.Counts.Counter(GemObject.BufferObjects);
        kernel.Counts.Counter(DrmSyncobj.Syncobjs);
        kernel.Counts.Counter(DmaBuf.DmaBufs);
        var device = new DrmDevice(kernel, driver, coreIoctls);
        device.StubFences = new Fences.DmaFenceContext(driver.Name, "syncobj-stub", use64BitSeqno: true, counts: kernel.Counts);
        if (driver.HasFeature(DrmDriverFeatures.ComputeAccel))
        {
            int index = LowestFreeIndex(kernel, i => $"/dev/accel/accel{i}");
            device.AddMinor(DrmMinorType.Accel, index, $"/dev/accel/accel{index}");
        }
        else
        {
            int index = LowestFreeIndex(kernel, i => $"/dev/dri/card{i}");
            device.AddMinor(DrmMinorType.Primary, index, $"/dev/dri/card{index}");
            if (driver.HasFeature(DrmDriverFeatures.Render))
            {
                device.AddMinor(DrmMinorType.Render, 128 + index, $"/dev/dri/renderD{128 + index}");
            }
        }

        return device;
    }

    /// <summary>The device with the DRM core's own ioctl table (<see cref="DrmCore"/>); the driver is attached with <see cref="DrmDriver.Attach"/>.</summary>
    public static DrmDevice Create(SimulatedKernel kernel, DrmDriver driver)
    {
        DrmDevice device = Create(kernel, driver, DrmCore.Ioctls);
        driver.Attach(device);
        return device;
    }

    /// <summary>The object whose fake offset is exactly <paramref name="offset"/> (bytes), with a reference; null if none.</summary>
    public GemObject? LookupMmapOffset(ulong offset)
    {
        lock (_offsetLock)
        {
            return _offsets.TryGetValue(offset, out GemObject? found) && found.TryGet() ? found : null;
        }
    }

    private readonly HandleTable<GemObject> _flinkNames = new();

    internal uint FlinkName(GemObject gem)
    {
        lock (_flinkNames)
        {
            uint name = _flinkNames.Find(gem);
            return name != 0 ? name : _flinkNames.Add(gem);
        }
    }

    internal GemObject? LookupFlinkName(uint name)
    {
        lock (_flinkNames)
        {
            GemObject? gem = _flinkNames.Get(name);
            return gem is not null && gem.TryGet() ? gem : null;
        }
    }

    internal void DropFlinkName(GemObject gem)
    {
        lock (_flinkNames)
        {
            uint name = _flinkNames.Find(gem);
            if (name != 0)
            {
                _flinkNames.Remove(name);
            }
        }
    }

    // drm_vma_offset_add: the offset in bytes, or 0 when the space has no room (the kernel's -ENOSPC from drm_mm).
    internal ulong AddMmapOffset(GemObject gem)
    {
        lock (_offsetLock)
        {
            ulong pages = Math.Max(1, gem.Size / GemObject.PageSize);
            if (pages > FilePageOffsetStart + FilePageOffsetSize - _nextOffsetPage)
            {
                return 0;
            }

            ulong offset = _nextOffsetPage * GemObject.PageSize;
            _nextOffsetPage += pages;
            _offsets.Add(offset, gem);
            return offset;
        }
    }

    internal void RemoveMmapOffset(GemObject gem)
    {
        lock (_offsetLock)
        {
            _offsets.Remove(gem.MmapOffset);
        }
    }

    public SimulatedKernel Kernel { get; }
    public DrmDriver Driver { get; }

    /// <summary>The DRM core's ioctls (numbers from 0).</summary>
    public IoctlTable<DrmFile, DrmIoctlFlags> CoreIoctls { get; }

    /// <summary>The driver's table, kept here so the DRM core dispatches without asking the driver each time.</summary>
    internal IoctlTable<DrmIoctlFlags> DriverIoctls { get; }

    public IReadOnlyList<DrmMinor> Minors => _minors;

    /// <summary>The device's main node: /dev/accel/accelN for a compute accelerator, else /dev/dri/cardN.</summary>
    public string NodePath => _minors[0].Path;

    /// <summary>The render node (/dev/dri/renderDN), null when the driver has no render support.</summary>
    public string? RenderNodePath => _minors.Find(minor => minor.Type == DrmMinorType.Render)?.Path;

    public bool IsUnplugged => _unplugged;

    /// <summary>DRM files of this device not yet released.</summary>
    public int OpenFiles => Volatile.Read(ref _openFiles);

    /// <summary>drm_dev_unplug: the nodes disappear; open files stay but every call fails with ENODEV.</summary>
    public void Unplug()
    {
        _unplugged = true;
        foreach (DrmMinor minor in _minors)
        {
            Kernel.RemoveDeviceNode(minor.Path);
        }
    }

    internal bool TryBecomeMaster(DrmFile file)
    {
        lock (_lock)
        {
            if (_master is not null)
            {
                return false;
            }

            _master = file;
            return true;
        }
    }

    internal bool IsMaster(DrmFile file)
    {
        lock (_lock)
        {
            return ReferenceEquals(_master, file);
        }
    }

    internal void FileOpened() => Interlocked.Increment(ref _openFiles);

    internal void FileReleased(DrmFile file)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_master, file))
            {
                _master = null;
            }
        }

        Interlocked.Decrement(ref _openFiles);
    }

    // DRM_MAJOR (226) for card and render nodes, ACCEL_MAJOR (261) for accel nodes; the minor is the index.
    private void AddMinor(DrmMinorType type, int index, string path)
    {
        var minor = new DrmMinor(this, type, index, path);
        Kernel.AddDeviceNode(path, minor, type == DrmMinorType.Accel ? AccelMajor : DrmMajor, (uint)index);
        _minors.Add(minor);
    }

    private const uint DrmMajor = 226;
    private const uint AccelMajor = 261;

    private static int LowestFreeIndex(SimulatedKernel kernel, Func<int, string> path)
    {
        int index = 0;
        while (kernel.HasDeviceNode(path(index)))
        {
            index++;
        }

        return index;
    }
}
