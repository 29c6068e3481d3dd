namespace AccelInterop.Simulation.Qda;

/// <summary>
/// One argument descriptor of an invocation (<c>struct drm_qda_fastrpc_invoke_args</c> as the kernel
/// holds it): a user buffer (<see cref="Pointer"/>, <see cref="Length"/>), a dma-buf
/// (<see cref="Fd"/> &gt; 0), and attribute bits. The kernel's own requests (process creation, maps)
/// pass kernel memory instead (<see cref="KernelData"/>), copied with memcpy rather than copy_from_user.
/// </summary>
internal struct FastRpcArgument
{
    public ulong Pointer;
    public ulong Length;
    public int Fd;
    public uint Attributes;

    /// <summary>Kernel memory the argument stands for (in-buffers read it, out-buffers are written to it), or null for user memory.</summary>
    public byte[]? KernelData;

    public static FastRpcArgument Kernel(byte[] data, ulong pointer) =>
        new() { Pointer = pointer, Length = (ulong)data.Length, Fd = -1, KernelData = data };
}
