namespace AccelInterop.Simulation.DmaBufs;

/// <summary>
/// One device's attachment to a dma-buf (<c>struct dma_buf_attachment</c>): made with
/// <see cref="DmaBuf.Attach"/>, mapped to get the memory the device sees, ended with
/// <see cref="DmaBuf.Detach"/>. The attachment holds no reference on the dma-buf: the importer
/// keeps one of its own while attached, as the kernel's do.
/// </summary>
public sealed class DmaBufAttachment
{
    internal DmaBufAttachment(DmaBuf buffer, object device, IDmaBufImporter? importer)
    {
        Buffer = buffer;
        Device = device;
        Importer = importer;
    }

    public DmaBuf Buffer { get; }

    /// <summary>The importing device (a <c>DrmDevice</c>, a VFIO device...).</summary>
    public object Device { get; }

    /// <summary>The importer's callbacks, null for a pinned (non-dynamic) importer.</summary>
    public IDmaBufImporter? Importer { get; }

    /// <summary><c>dma_buf_attach_revocable</c>: whether the importer gives the mapping up when asked.</summary>
    public bool IsRevocable => Importer is not null;

    /// <summary><c>attach->peer2peer</c>: the importer can reach device memory.</summary>
    public bool PeerToPeer => Importer?.AllowPeerToPeer == true;

    /// <summary>Whether the attachment is mapped; its memory is <see cref="Memory"/>.</summary>
    public bool IsMapped { get; internal set; }

    /// <summary>The memory the device sees while mapped (0 otherwise).</summary>
    public nint Memory { get; internal set; }

    /// <summary>Exporter-private state (<c>attach->priv</c>).</summary>
    public object? ExporterPrivate { get; set; }
}
