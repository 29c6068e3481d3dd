namespace AccelInterop.Simulation.Kernel;

/// <summary>How an ioctl table finds a command and moves its argument between user and kernel.</summary>
public enum IoctlCopyPolicy
{
    /// <summary>
    /// The DRM rule (<c>drm_ioctl.c:drm_ioctl</c>): a command is found by its number alone (none:
    /// -EINVAL); the kernel copy is as long as the longer of the caller's size and the kernel's,
    /// the caller's bytes go in only when both commands have IN, the rest is zero, and only the
    /// OUT part goes back — even on error. (<c>dma-heap.c:dma_heap_ioctl</c> sizes its copy the
    /// same way but copies back only after success.)
    /// </summary>
    SizeAndDirection,

    /// <summary>
    /// A character device's <c>switch (cmd)</c> (udmabuf, dma-buf, sync_file): only the exact
    /// command is known (anything else: -ENOTTY); an IN struct is copied in whole
    /// (<c>copy_from_user</c> of its size), an OUT struct copied back after success.
    /// </summary>
    ExactCommand,

    /// <summary>
    /// VFIO's rule for its <c>_IO</c> commands whose struct starts with its own size
    /// (<c>argsz</c>): the exact command only (else -ENOTTY); <c>minsz</c> bytes are copied in,
    /// <c>argsz &lt; minsz</c> is -EINVAL, an extensible struct is read with
    /// <c>copy_struct_from_user</c> (non-zero bytes past the kernel's struct: -E2BIG), and after
    /// success the struct goes back up to <c>minsz</c> or <c>min(argsz, sizeof)</c> (<see cref="ArgszRule"/>).
    /// </summary>
    Argsz,
}
