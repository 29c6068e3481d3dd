namespace AccelInterop.KernelLane;

/// <summary>The device nodes the VM's kernel creates for the lane (vgem is its only DRM device).</summary>
public static class Paths
{
    public const string Card = "/dev/dri/card0";
    public const string Render = "/dev/dri/renderD128";
    public const string SystemHeap = "/dev/dma_heap/system";
    public const string Udmabuf = "/dev/udmabuf";
    public const string VfioContainer = "/dev/vfio/vfio";
}
