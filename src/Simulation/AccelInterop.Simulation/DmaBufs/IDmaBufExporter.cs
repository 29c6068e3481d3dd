using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.DmaBufs;

/// <summary>
/// What the exporter of a dma-buf does for it (<c>struct dma_buf_ops</c>): GEM PRIME, a dma-heap,
/// udmabuf, VFIO's BAR export. The dma-buf core does the checks the kernel's <c>dma-buf.c</c> does
/// before it calls any of these (range, attachment state, locking). Results are 0 or <c>-errno</c>.
/// </summary>
public interface IDmaBufExporter
{
    /// <summary><c>exp_name</c>: who exported the buffer (fdinfo, debugfs).</summary>
    string ExporterName { get; }

    /// <summary><c>attach</c>: an importing device attaches; refuse with <c>-errno</c>.</summary>
    int Attach(DmaBuf buffer, DmaBufAttachment attachment) => 0;

    /// <summary><c>detach</c>.</summary>
    void Detach(DmaBuf buffer, DmaBufAttachment attachment)
    {
    }

    /// <summary>
    /// <c>map_dma_buf</c>: the memory the importing device sees (the simulation's sg_table is one
    /// contiguous range of simulated memory), or <c>-errno</c>.
    /// </summary>
    int Map(DmaBufAttachment attachment, out nint memory);

    /// <summary><c>unmap_dma_buf</c>.</summary>
    void Unmap(DmaBufAttachment attachment)
    {
    }

    /// <summary>
    /// <c>mmap</c> of the buffer, after the core checked that <paramref name="offset"/> +
    /// <paramref name="length"/> lies inside it; exporters without mmap: -EINVAL (<c>dma_buf_mmap_internal</c>).
    /// </summary>
    int Mmap(DmaBuf buffer, SimulatedProcess caller, nuint length, long offset, out MemoryMapping? mapping)
    {
        mapping = null;
        return -EINVAL;
    }

    /// <summary>
    /// The exporter's mmap refuses a private (copy-on-write) mapping with -EINVAL, as GEM's shmem
    /// helper does (<c>drm_gem_shmem_helper.c:drm_gem_shmem_mmap</c>, <c>is_cow_mapping</c>).
    /// </summary>
    bool RefusesPrivateMappings => false;

    /// <summary><c>vmap</c>: a kernel address of the whole buffer (the core counts users and calls this once).</summary>
    int Vmap(DmaBuf buffer, out nint address)
    {
        address = 0;
        return -EINVAL;
    }

    /// <summary><c>vunmap</c>: the last vmap user is gone.</summary>
    void Vunmap(DmaBuf buffer, nint address)
    {
    }

    /// <summary><c>begin_cpu_access</c>, after the core waited for the implicit fences.</summary>
    int BeginCpuAccess(DmaBuf buffer, DmaDataDirection direction) => 0;

    /// <summary><c>end_cpu_access</c>.</summary>
    int EndCpuAccess(DmaBuf buffer, DmaDataDirection direction) => 0;

    /// <summary><c>release</c>: the dma-buf's last reference is gone; free what the exporter holds for it.</summary>
    void Release(DmaBuf buffer);
}
