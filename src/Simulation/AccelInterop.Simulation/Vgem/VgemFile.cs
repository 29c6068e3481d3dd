using AccelInterop.Simulation.Drm;

namespace AccelInterop.Simulation.Vgem;

/// <summary>A vgem file's state (<c>struct vgem_file</c>): its fences by id (an IDR from 1, lowest free first).</summary>
public sealed class VgemFile
{
    internal VgemFile(DrmFile file) => File = file;

    public DrmFile File { get; }

    /// <summary>
    /// Fence ids; VGEM_FENCE_SIGNAL empties a slot but keeps its id taken (<c>idr_replace</c> with
    /// NULL), so ids are not reused while the file lives.
    /// </summary>
    internal HandleTable<FenceSlot> Fences { get; } = new();

    internal sealed class FenceSlot(VgemFence fence)
    {
        public VgemFence? Fence { get; set; } = fence;
    }
}
