namespace AccelInterop.Runtime.Abi;

/// <summary>What kind of kernel object a handle member names (see docs/generated-code.md for the naming heuristic).</summary>
public enum HandleKind
{
    /// <summary>A GEM buffer object handle of the open DRM file.</summary>
    GemHandle,
    /// <summary>A DRM sync object handle.</summary>
    Syncobj,
    /// <summary>A file descriptor (dma-buf, sync file, eventfd, device fd).</summary>
    FileDescriptor,
    /// <summary>A GPU virtual-memory (address space) id.</summary>
    Vm,
    /// <summary>An execution queue id (Xe).</summary>
    ExecQueue,
    /// <summary>A hardware context handle (amdxdna).</summary>
    HardwareContext,
    /// <summary>A DRM context handle (legacy and driver contexts).</summary>
    Context,
    /// <summary>A remote session id (QDA).</summary>
    Session,
}
