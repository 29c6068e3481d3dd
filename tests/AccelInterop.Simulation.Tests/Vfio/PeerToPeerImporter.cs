using AccelInterop.Simulation.DmaBufs;

namespace AccelInterop.Simulation.Tests.Vfio;

/// <summary>A test importer: peer-to-peer capable or not, counting move-notify calls and unmapping at once, as a well-behaved dynamic importer.</summary>
internal sealed class PeerToPeerImporter(bool peerToPeer = true) : IDmaBufImporter
{
    public int Invalidations { get; private set; }

    public bool AllowPeerToPeer => peerToPeer;

    public void InvalidateMappings(DmaBufAttachment attachment)
    {
        Invalidations++;
        attachment.Buffer.UnmapAttachment(attachment);
    }
}
