namespace AccelInterop.Simulation.DmaBufs;

/// <summary>
/// An importer that can give up its mapping on request (<c>struct dma_buf_attach_ops</c>): the
/// exporter calls <see cref="InvalidateMappings"/> when the memory moves or is revoked (VFIO's BAR
/// revoke), and the importer unmaps soon after. Importers without one attach pinned and are not
/// revocable (<c>dma_buf_attach_revocable</c>).
/// </summary>
public interface IDmaBufImporter
{
    /// <summary><c>invalidate_mappings</c> (was <c>move_notify</c>): called under the buffer's reservation lock.</summary>
    void InvalidateMappings(DmaBufAttachment attachment);

    /// <summary>
    /// <c>allow_peer2peer</c>: whether the importing device can reach another device's memory (a
    /// PCI BAR) directly; exporters of device memory such as vfio-pci refuse importers that cannot.
    /// </summary>
    bool AllowPeerToPeer => false;
}
