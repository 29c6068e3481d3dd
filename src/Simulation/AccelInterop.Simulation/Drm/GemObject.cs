using System.Runtime.InteropServices;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// A GEM buffer object (<c>struct drm_gem_object</c>): reference counted (handles, jobs,
/// mappings, dma-bufs each hold one), with a handle count, an optional fake mmap offset granted
/// per file, and zeroed page-aligned backing memory that mappings and the simulated device
/// share, kept the way the shmem helpers keep it (<c>drm_gem_shmem_helper.c</c>: a pages pin
/// count, a vmap use count, both under the reservation lock). Every object has a reservation
/// object (<see cref="Resv"/>): its own, or an imported dma-buf's. Drivers derive their BO types
/// from it and free their own state in <see cref="OnFree"/>.
/// </summary>
public unsafe class GemObject : KRef<GemObject>
{
    /// <summary>GEM buffer objects (BOs) of every DRM device, as the kernel counts them.</summary>
    public static readonly ObjectKind BufferObjects = new("BOs");

    public const ulong PageSize = Page.Size;
    private readonly Lock _lock = new();
    private readonly Dictionary<DrmFile, int> _grants = [];
    private int _handles;
    private ZeroedPages _pages;
    private int _pagesPinCount;
    private int _vmapUseCount;

    /// <param name="backing">Whether the object owns memory of its own (false: a view on other memory, set through <see cref="UseMemory"/>).</param>
    public GemObject(DrmDevice device, ulong size, bool backing = true)
        : base(CounterOf(device))
    {
        // A driver validates sizes before backing an object (shmem takes at most MAX_LFS_FILESIZE):
        // backing whose page rounding would wrap is a driver-model bug, not memory to hand out.
        if (backing)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(size, (ulong)long.MaxValue);
        }

        Device = device;
        Size = (size + PageSize - 1) & ~(PageSize - 1);
        if (backing && Size > 0)
        {
            _pages = ZeroedPages.Allocate(Size);
            Memory = _pages.Address;
        }

        Resv = new DmaResv(device.Kernel);
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

    /// <summary>For an object imported from another device: the dma-buf it holds a file reference on.</summary>
    public DmaBuf? ImportedFrom { get; private set; }

    /// <summary>For an imported object: its mapped attachment to <see cref="ImportedFrom"/> (<c>import_attach</c>).</summary>
    public DmaBufAttachment? ImportAttachment { get; private set; }

    /// <summary>The reservation object (<c>obj->resv</c>): the object's own, or the imported dma-buf's.</summary>
    public DmaResv Resv { get; private set; }

    /// <summary>Pins of the backing pages (<c>pages_pin_count</c>): dma-buf attachments, drivers that need them resident.</summary>
    public int PagesPinCount => Volatile.Read(ref _pagesPinCount);

    /// <summary>Users of the kernel mapping (<c>vmap_use_count</c>).</summary>
    public int VmapUseCount => Volatile.Read(ref _vmapUseCount);

    /// <summary>
    /// drm_gem_prime_import_dev's end: makes this object stand for <paramref name="attachment"/>'s
    /// dma-buf, whose memory it uses and whose reservation object it shares. The object takes a
    /// file reference on the dma-buf and, when freed, unmaps and detaches the attachment.
    /// </summary>
    public void AttachImport(DmaBufAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (ImportedFrom is not null || !attachment.IsMapped)
        {
            throw new InvalidOperationException("an import needs a mapped attachment, once");
        }

        attachment.Buffer.File.Get();
        Resv.Fini();
        Resv = attachment.Buffer.Resv;
        UseMemory(attachment.Memory);
        ImportAttachment = attachment;
        ImportedFrom = attachment.Buffer;
    }

    /// <summary>drm_gem_shmem_pin: keeps the pages resident; 0, or -EINVAL for an imported object (its exporter pins).</summary>
    public int Pin()
    {
        lock (Resv.Lock)
        {
            if (ImportedFrom is not null)
            {
                return -EINVAL;
            }

            _pagesPinCount++;
            return 0;
        }
    }

    /// <summary>drm_gem_shmem_unpin.</summary>
    public void Unpin()
    {
        lock (Resv.Lock)
        {
            if (_pagesPinCount <= 0)
            {
                throw new InvalidOperationException($"{this} is not pinned");
            }

            _pagesPinCount--;
        }
    }

    /// <summary>
    /// drm_gem_shmem_vmap_locked: the kernel address of the object's memory; an imported object
    /// asks its dma-buf (<c>dma_buf_vmap</c>); the first user pins the pages.
    /// </summary>
    public int Vmap(out nint address)
    {
        if (ImportedFrom is DmaBuf buffer)
        {
            return buffer.Vmap(out address);
        }

        lock (Resv.Lock)
        {
            address = Memory;
            if (Memory == 0)
            {
                return -ENOMEM;
            }

            if (_vmapUseCount++ == 0)
            {
                _pagesPinCount++;
            }

            return 0;
        }
    }

    /// <summary>drm_gem_shmem_vunmap_locked: the last user unpins.</summary>
    public void Vunmap()
    {
        if (ImportedFrom is DmaBuf buffer)
        {
            buffer.Vunmap();
            return;
        }

        lock (Resv.Lock)
        {
            if (_vmapUseCount <= 0)
            {
                throw new InvalidOperationException($"{this} is not vmapped");
            }

            if (--_vmapUseCount == 0)
            {
                _pagesPinCount--;
            }
        }
    }

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
        bool ownResv = ImportedFrom is null;
        OnFree();
        if (ownResv)
        {
            Resv.Fini();
        }

        if (MmapOffset != 0)
        {
            Device.RemoveMmapOffset(this);
        }

        _pages.Free();
        _pages = default;

        Memory = 0;
    }

    /// <summary>
    /// drm_gem_create_mmap_offset: gives the object its node in the device's fake-offset space
    /// (idempotent); 0, or -ENOSPC when the space has no room for it (the caller unwinds: the
    /// object is freed with its last reference, as on drm_gem_create_mmap_offset's error path).
    /// </summary>
    public int CreateMmapOffset()
    {
        lock (_lock)
        {
            if (MmapOffset != 0)
            {
                return 0;
            }

            int r = Device.AddMmapOffset(this, out ulong offset);
            MmapOffset = offset;
            return r;
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
            // drm_prime_gem_destroy: unmap, detach, drop the dma-buf.
            buffer.Detach(ImportAttachment!);
            ImportAttachment = null;
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
