using System.Runtime.InteropServices;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// A GEM buffer object (<c>struct drm_gem_object</c>): reference counted (handles, jobs,
/// mappings, dma-bufs each hold one), with a handle count, an optional fake mmap offset granted
/// per file, and zeroed page-aligned backing memory that mappings and the simulated device
/// share. Drivers derive their BO types from it and free their own state in <see cref="OnFree"/>.
/// </summary>
public unsafe class GemObject : KRef<GemObject>
{
    /// <summary>GEM buffer objects (BOs) of every DRM device, as the kernel counts them.</summary>
    public static readonly ObjectKind BufferObjects = new("BOs");

    public const ulong PageSize = 4096;
    private readonly Lock _lock = new();
    private readonly Dictionary<DrmFile, int> _grants = [];
    private int _handles;
    private nint _allocation;

    /// <param name="backing">Whether the object owns memory of its own (false: a view on other memory, set through <see cref="UseMemory"/>).</param>
    public GemObject(DrmDevice device, ulong size, bool backing = true)
        : base(CounterOf(device))
    {
        Device = device;
        Size = (size + PageSize - 1) & ~(PageSize - 1);
        if (backing && Size > 0)
        {
            _allocation = (nint)NativeMemory.AllocZeroed((nuint)(Size + PageSize));
            Memory = (_allocation + (nint)PageSize - 1) & ~((nint)PageSize - 1);
        }
    }

    public DrmDevice Device { get; }

    /// <summary>The size in bytes, rounded up to whole pages.</summary>
    public ulong Size { get; }

    /// <summary>The backing memory (page aligned), 0 if none.</summary>
    public nint Memory { get; private set; }

    public Span<byte> Bytes => Memory == 0 ? [] : new Span<byte>((void*)Memory, checked((int)Size));

    /// <summary>Handles to this object in all files (<c>handle_count</c>).</summary>
    public int HandleCount => Volatile.Read(ref _handles);

    /// <summary>The fake mmap offset (bytes), 0 while the object has none.</summary>
    public ulong MmapOffset { get; private set; }

    /// <summary>The dma-buf this object is exported as while that dma-buf lives (<c>obj->dma_buf</c>).</summary>
    internal DmaBuf? ExportedAs { get; set; }

    /// <summary>For an object imported from another device: the dma-buf it holds (<c>import_attach</c>).</summary>
    public DmaBuf? ImportedFrom { get; internal set; }

    /// <summary>Makes this object a view on memory owned by someone else (e.g. a DEV BO inside the heap).</summary>
    protected internal void UseMemory(nint memory) => Memory = memory;

    private static ObjectCounter CounterOf(DrmDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.Kernel.Counts.Counter(BufferObjects);
    }

    /// <summary>The last reference is gone: the driver's state, the fake offset, the backing memory.</summary>
    protected sealed override void Release()
    {
        OnFree();
        if (MmapOffset != 0)
        {
            Device.RemoveMmapOffset(this);
        }

        if (_allocation != 0)
        {
            NativeMemory.Free((void*)_allocation);
            _allocation = 0;
        }

        Memory = 0;
    }

    /// <summary>drm_gem_create_mmap_offset: gives the object its node in the device's fake-offset space.</summary>
    public void CreateMmapOffset()
    {
        if (MmapOffset == 0)
        {
            MmapOffset = Device.AddMmapOffset(this);
        }
    }

    /// <summary>Whether <paramref name="file"/> may mmap the object (drm_vma_node_is_allowed).</summary>
    public bool IsGranted(DrmFile file)
    {
        lock (_lock)
        {
            return _grants.ContainsKey(file);
        }
    }

    /// <summary>The object was mmapped by user space at <paramref name="address"/> (drivers track user VAs).</summary>
    protected internal virtual void OnMmap(nint address)
    {
    }

    /// <summary>Whether the object may be exported (driver export hook); 0 or -errno.</summary>
    public virtual int CanExport() => 0;

    /// <summary>Driver state goes here; runs once when the last reference is dropped.</summary>
    protected virtual void OnFree()
    {
        if (ImportedFrom is DmaBuf buffer)
        {
            ImportedFrom = null;
            buffer.File.Put();
        }
    }

    internal void HandleCreated(DrmFile file)
    {
        Interlocked.Increment(ref _handles);
        lock (_lock)
        {
            _grants[file] = _grants.GetValueOrDefault(file) + 1;
        }
    }

    internal void HandleDeleted(DrmFile file)
    {
        if (Interlocked.Decrement(ref _handles) == 0)
        {
            Device.DropFlinkName(this);
        }

        lock (_lock)
        {
            if (_grants.TryGetValue(file, out int n))
            {
                if (n <= 1)
                {
                    _grants.Remove(file);
                }
                else
                {
                    _grants[file] = n - 1;
                }
            }
        }
    }

    public override string ToString() => $"{GetType().Name} ({Size} bytes)";
}
