using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.DmaBufs;

/// <summary>
/// A dma-buf (<c>struct dma_buf</c>, <c>drivers/dma-buf/dma-buf.c</c>): a file that shares one
/// exporter's memory between devices, files and processes. The exporter
/// (<see cref="IDmaBufExporter"/>) provides the memory; importers attach and map; every dma-buf
/// has a reservation object (<see cref="Resv"/>: the exporter's, or its own) that gives implicit
/// synchronisation and the file's poll readiness. The file answers <c>linux/dma-buf.h</c>
/// (<see cref="DmaBufIoctls"/>), mmap and fstat (one inode per dma-buf).
/// </summary>
public sealed class DmaBuf : IFileOperations
{
    /// <summary>dma-bufs of the kernel, whichever exporter made them.</summary>
    public static readonly ObjectKind DmaBufs = new("dma-bufs");

    /// <summary>Attachments of importing devices to dma-bufs.</summary>
    public static readonly ObjectKind Attachments = new("dma-buf attachments");

    private const ulong PageSize = Page.Size;
    private readonly Lock _lock = new();
    private readonly List<DmaBufAttachment> _attachments = [];
    private readonly bool _ownsResv;
    private readonly ObjectCounter _attachmentCounter;
    private int _vmapCount;
    private nint _vmapAddress;
    private string? _name;

    private DmaBuf(SimulatedKernel kernel, IDmaBufExporter exporter, ulong size, OpenFlags flags, DmaResv? resv)
    {
        Kernel = kernel;
        Exporter = exporter;
        Size = size;
        _ownsResv = resv is null;
        Resv = resv ?? new DmaResv(kernel);
        _attachmentCounter = kernel.Counts.Counter(Attachments);
        File = new OpenFile(kernel, this, flags, kernel.CreateInode(Inode.DmaBufFs, Inode.AnonymousMode));
        kernel.Counts.Counter(DmaBufs).Add(1);
    }

    public SimulatedKernel Kernel { get; }

    /// <summary>Who provides the memory (<c>dmabuf->ops</c>, <c>dmabuf->priv</c>).</summary>
    public IDmaBufExporter Exporter { get; }

    /// <summary>The size in bytes (whole pages).</summary>
    public ulong Size { get; }

    /// <summary>The reservation object: the exporter's (a GEM object's) or the dma-buf's own.</summary>
    public DmaResv Resv { get; }

    /// <summary>The dma-buf's file; each holder (descriptors, PRIME caches, importers) owns one reference.</summary>
    public OpenFile File { get; }

    /// <summary>The name set with DMA_BUF_SET_NAME, null before.</summary>
    public string? Name
    {
        get
        {
            lock (_lock)
            {
                return _name;
            }
        }
    }

    /// <summary>Importing devices attached now.</summary>
    public int AttachmentCount
    {
        get
        {
            lock (_lock)
            {
                return _attachments.Count;
            }
        }
    }

    /// <summary>Users of the kernel mapping (<c>vmapping_counter</c>).</summary>
    public int VmapCount => Volatile.Read(ref _vmapCount);

    /// <summary>
    /// <c>dma_buf_export</c>: a new dma-buf of <paramref name="size"/> bytes over
    /// <paramref name="exporter"/>'s memory; the caller holds the one file reference. Size 0 or not
    /// whole pages: -EINVAL; the allocation fault: -ENOMEM. <paramref name="resv"/> null: the
    /// dma-buf gets a reservation object of its own.
    /// </summary>
    public static int Export(SimulatedKernel kernel, IDmaBufExporter exporter, ulong size, OpenFlags flags, out DmaBuf? buffer, DmaResv? resv = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(exporter);
        buffer = null;
        if (size == 0 || size % PageSize != 0)
        {
            return -EINVAL;
        }

        if (kernel.Faults.ShouldFail(FaultPoint.AllocationFailure))
        {
            return -ENOMEM;
        }

        buffer = new DmaBuf(kernel, exporter, size, flags, resv);
        return 0;
    }

    /// <summary>
    /// <c>dma_buf_get</c>: the dma-buf behind <paramref name="fd"/> with a file reference of the
    /// caller's own (drop it with <c>File.Put()</c>); -EBADF for no file, -EINVAL for a file that is not a dma-buf.
    /// </summary>
    public static int Get(SimulatedProcess process, int fd, out DmaBuf? buffer)
    {
        ArgumentNullException.ThrowIfNull(process);
        buffer = null;
        if (process.GetFile(fd) is not OpenFile file)
        {
            return -EBADF;
        }

        if (file.Operations is not DmaBuf found)
        {
            file.Put();
            return -EINVAL;
        }

        buffer = found;
        return 0;
    }

    /// <summary><c>dma_buf_fd</c>: a descriptor for the dma-buf in <paramref name="process"/> (another file reference), or -EMFILE.</summary>
    public int Install(SimulatedProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        return process.InstallExisting(File);
    }

    /// <summary>
    /// <c>dma_buf_attach</c> / <c>dma_buf_dynamic_attach</c>: <paramref name="device"/> attaches; with
    /// an <paramref name="importer"/> the attachment is revocable. The exporter may refuse.
    /// </summary>
    public int Attach(object device, IDmaBufImporter? importer, out DmaBufAttachment? attachment)
    {
        ArgumentNullException.ThrowIfNull(device);
        attachment = null;
        var attached = new DmaBufAttachment(this, device, importer);
        lock (Resv.Lock)
        {
            int r = Exporter.Attach(this, attached);
            if (r < 0)
            {
                return r;
            }

            lock (_lock)
            {
                _attachments.Add(attached);
            }
        }

        _attachmentCounter.Add(1);
        attachment = attached;
        return 0;
    }

    /// <summary><c>dma_buf_detach</c>: unmaps the attachment if it is still mapped, then detaches it.</summary>
    public void Detach(DmaBufAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        lock (Resv.Lock)
        {
            lock (_lock)
            {
                if (!_attachments.Remove(attachment))
                {
                    throw new InvalidOperationException($"{attachment.Device} is not attached to {this}");
                }
            }

            UnmapLocked(attachment);
            Exporter.Detach(this, attachment);
        }

        _attachmentCounter.Add(-1);
    }

    /// <summary><c>dma_buf_map_attachment</c>: the memory the attached device sees.</summary>
    public int MapAttachment(DmaBufAttachment attachment, out nint memory)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        lock (Resv.Lock)
        {
            if (attachment.IsMapped)
            {
                memory = attachment.Memory;
                return 0;
            }

            int r = Exporter.Map(attachment, out memory);
            if (r < 0)
            {
                return r;
            }

            attachment.Memory = memory;
            attachment.IsMapped = true;
            return 0;
        }
    }

    /// <summary><c>dma_buf_unmap_attachment</c>.</summary>
    public void UnmapAttachment(DmaBufAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        lock (Resv.Lock)
        {
            UnmapLocked(attachment);
        }
    }

    /// <summary>
    /// <c>dma_buf_invalidate_mappings</c> (move-notify, revoke): every importer that can give up its
    /// mapping is told to, under the reservation lock; pinned importers are not told.
    /// </summary>
    public void InvalidateMappings()
    {
        lock (Resv.Lock)
        {
            DmaBufAttachment[] attachments;
            lock (_lock)
            {
                attachments = [.. _attachments];
            }

            foreach (DmaBufAttachment attachment in attachments)
            {
                attachment.Importer?.InvalidateMappings(attachment);
            }
        }
    }

    /// <summary><c>dma_buf_vmap</c>: the kernel address of the whole buffer; the exporter maps on the first user only.</summary>
    public int Vmap(out nint address)
    {
        lock (Resv.Lock)
        {
            if (_vmapCount > 0)
            {
                _vmapCount++;
                address = _vmapAddress;
                return 0;
            }

            int r = Exporter.Vmap(this, out address);
            if (r < 0)
            {
                return r;
            }

            _vmapAddress = address;
            _vmapCount = 1;
            return 0;
        }
    }

    /// <summary><c>dma_buf_vunmap</c>: the last user unmaps.</summary>
    public void Vunmap()
    {
        lock (Resv.Lock)
        {
            if (_vmapCount <= 0)
            {
                throw new InvalidOperationException($"{this} is not vmapped");
            }

            if (--_vmapCount == 0)
            {
                Exporter.Vunmap(this, _vmapAddress);
                _vmapAddress = 0;
            }
        }
    }

    /// <summary>
    /// <c>dma_buf_begin_cpu_access</c>: waits (interruptibly) for the implicit fences an access in
    /// <paramref name="direction"/> must wait for, then asks the exporter.
    /// </summary>
    public int BeginCpuAccess(DmaDataDirection direction)
    {
        bool write = direction is DmaDataDirection.Bidirectional or DmaDataDirection.ToDevice;
        int r = Resv.Wait(DmaResv.UsageFor(write));
        return r < 0 ? r : Exporter.BeginCpuAccess(this, direction);
    }

    /// <summary><c>dma_buf_end_cpu_access</c>.</summary>
    public int EndCpuAccess(DmaDataDirection direction) => Exporter.EndCpuAccess(this, direction);

    internal void SetName(string name)
    {
        lock (_lock)
        {
            _name = name;
        }
    }

    int IFileOperations.Ioctl(OpenFile file, SimulatedProcess caller, uint command, ulong argument) =>
        DmaBufIoctls.Dispatch(this, caller, command, argument);

    // A private mapping reaches the exporter's mmap, which may refuse it (found by the kernel lane:
    // vgem's dma-buf mapped MAP_PRIVATE is EINVAL on Linux 7.2.13).
    int IFileOperations.Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, MapFlags flags, long offset, out MemoryMapping? mapping)
    {
        mapping = null;
        return (flags & MapFlags.Private) != 0 && Exporter.RefusesPrivateMappings
            ? -EINVAL
            : ((IFileOperations)this).Mmap(file, caller, length, protection, offset, out mapping);
    }

    // dma_buf_mmap_internal: the range must lie inside the buffer, then the exporter maps it. The
    // page numbers come from do_mmap's checks (MmapRange), so pgoff + pages cannot wrap here.
    int IFileOperations.Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping)
    {
        mapping = null;
        int r = MmapRange.Check(length, offset, out ulong pgoff, out ulong pages);
        if (r < 0)
        {
            return r;
        }

        if (!MmapRange.Fits(pgoff, pages, Size))
        {
            return -EINVAL;
        }

        return Exporter.Mmap(this, caller, length, offset, out mapping);
    }

    // dma_buf_poll: readable once no writer is pending, writable once no access at all is pending.
    PollEvents IFileOperations.Poll(OpenFile file)
    {
        PollEvents ready = PollEvents.None;
        if (Resv.TestSignaled(DmaResv.UsageFor(write: false)))
        {
            ready |= PollEvents.In;
        }

        if (Resv.TestSignaled(DmaResv.UsageFor(write: true)))
        {
            ready |= PollEvents.Out;
        }

        return ready;
    }

    // dma_buf_release: the exporter frees its memory; a resv of the dma-buf's own goes with it.
    void IFileOperations.Release(OpenFile file)
    {
        Exporter.Release(this);
        if (_ownsResv)
        {
            Resv.Fini();
        }

        Kernel.Counts.Counter(DmaBufs).Add(-1);
    }

    private void UnmapLocked(DmaBufAttachment attachment)
    {
        if (attachment.IsMapped)
        {
            Exporter.Unmap(attachment);
            attachment.IsMapped = false;
            attachment.Memory = 0;
        }
    }

    public override string ToString() => $"dma-buf of {Exporter.ExporterName} ({Size} bytes)";
}
