namespace AccelInterop.Simulation.Xe;

/// <summary>The uAPI engine classes (<c>DRM_XE_ENGINE_CLASS_*</c>), as user space names them.</summary>
public enum XeEngineClass : ushort
{
    Render = 0,
    Copy = 1,
    VideoDecode = 2,
    VideoEnhance = 3,
    Compute = 4,
    VmBind = 5,
}
