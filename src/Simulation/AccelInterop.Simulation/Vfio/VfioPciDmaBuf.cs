using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// The exporter behind a dma-buf of BAR ranges (<c>vfio_pci_dmabuf.c</c>). Importers must be
/// peer-to-peer capable (-EOPNOTSUPP), the buffer live (-ENODEV) and the importer able to give
/// its mapping up on request (-EOPNOTSUPP); mapping a revoked buffer is -ENODEV. A BAR is
/// registers, not host memory, so a mapped importer gets no host address here (0). Revocation
/// tells every importer to unmap (move-notify); the kernel then waits for the reservation's fences
/// and for every importer to unmap — the simulation's importers unmap at once, so nothing waits.
/// With the proposed series on (<see cref="VfioPciOptions.DmaBufMmap"/>) the buffer can be
/// mmapped (live buffers only, -ENODEV otherwise); its mappings reach the BAR while the buffer is
/// live and fault (SIGBUS) otherwise, and take the memory attribute in force when they were made.
/// </summary>
public sealed class VfioPciDmaBuf : IDmaBufExporter
{
    private readonly Lock _lock = new();
    private readonly (ulong Offset, ulong Length)[] _ranges;
    private readonly List<VfioDmaBufMemoryAttribute> _mappedAttributes = [];

    internal VfioPciDmaBuf(VfioPciDevice device, int bar, (ulong Offset, ulong Length)[] ranges, bool live)
    {
        Device = device;
        Bar = bar;
        _ranges = ranges;
        Status = live ? VfioDmaBufStatus.Live : VfioDmaBufStatus.TemporarilyRevoked;
    }

    public string ExporterName => "vfio-pci";

    /// <summary>The exporting device; null once it was closed (<c>priv->vdev = NULL</c>).</summary>
    public VfioPciDevice? Device { get; private set; }

    /// <summary>The BAR the ranges lie in.</summary>
    public int Bar { get; }

    public VfioDmaBufStatus Status { get; private set; }

    /// <summary>The attribute later mmaps get (proposed series; NC by default).</summary>
    public VfioDmaBufMemoryAttribute MemoryAttribute { get; internal set; }

    /// <summary>The attribute of each mmap made so far, in order (what the page tables would say).</summary>
    public IReadOnlyList<VfioDmaBufMemoryAttribute> MappedAttributes
    {
        get
        {
            lock (_lock)
            {
                return [.. _mappedAttributes];
            }
        }
    }

    internal DmaBuf? Buffer { get; set; }

    // vfio_pci_dma_buf_attach: peer-to-peer, then live, then revocable.
    int IDmaBufExporter.Attach(DmaBuf buffer, DmaBufAttachment attachment) =>
        !attachment.PeerToPeer ? -EOPNOTSUPP
        : Status != VfioDmaBufStatus.Live ? -ENODEV
        : !attachment.IsRevocable ? -EOPNOTSUPP
        : 0;

    int IDmaBufExporter.Map(DmaBufAttachment attachment, out nint memory)
    {
        memory = 0;
        return Status != VfioDmaBufStatus.Live ? -ENODEV : 0;
    }

    // Without the proposed series there is no mmap op: dma_buf_mmap_internal answers -EINVAL.
    int IDmaBufExporter.Mmap(DmaBuf buffer, SimulatedProcess caller, nuint length, long offset, out MemoryMapping? mapping)
    {
        mapping = null;
        VfioPciDevice? device = Device;
        if (device is null || !device.Options.DmaBufMmap)
        {
            return device is null && Status == VfioDmaBufStatus.PermanentlyRevoked ? -ENODEV : -EINVAL;
        }

        lock (_lock)
        {
            if (Status != VfioDmaBufStatus.Live)
            {
                return -ENODEV;
            }

            _mappedAttributes.Add(MemoryAttribute);
            mapping = new VfioDmaBufMapping(this, (ulong)offset, length, MemoryAttribute);
            return 0;
        }
    }

    void IDmaBufExporter.Release(DmaBuf buffer) => Device?.Forget(this);

    /// <summary>Where dma-buf byte <paramref name="offset"/> lies in the BAR, or false past the ranges.</summary>
    internal bool TranslateOffset(ulong offset, int size, out ulong barOffset)
    {
        foreach ((ulong start, ulong length) in _ranges)
        {
            if (offset < length)
            {
                barOffset = start + offset;
                return (ulong)size <= length - offset;
            }

            offset -= length;
        }

        barOffset = 0;
        return false;
    }

    /// <summary>__vfio_pci_dma_buf_revoke: moves between the states; importers hear of every change.</summary>
    internal void Move(bool revoked, bool permanently)
    {
        DmaBuf? buffer;
        lock (_lock)
        {
            if (Status == VfioDmaBufStatus.PermanentlyRevoked ||
                (Status == VfioDmaBufStatus.Live && !revoked) ||
                (Status == VfioDmaBufStatus.TemporarilyRevoked && revoked && !permanently))
            {
                return;
            }

            bool wasRevoked = Status != VfioDmaBufStatus.Live;
            Status = !revoked ? VfioDmaBufStatus.Live
                : permanently ? VfioDmaBufStatus.PermanentlyRevoked
                : VfioDmaBufStatus.TemporarilyRevoked;
            if (wasRevoked && revoked)
            {
                return;
            }

            buffer = Buffer;
        }

        buffer?.InvalidateMappings();
    }

    /// <summary>vfio_pci_dma_buf_cleanup: the device closes; the buffer is detached from it and revoked for good.</summary>
    internal void Cleanup()
    {
        bool wasRevoked;
        lock (_lock)
        {
            Device = null;
            wasRevoked = Status != VfioDmaBufStatus.Live;
            Status = VfioDmaBufStatus.PermanentlyRevoked;
        }

        if (!wasRevoked)
        {
            Buffer?.InvalidateMappings();
        }
    }
}
