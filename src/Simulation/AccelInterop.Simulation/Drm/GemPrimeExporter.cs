using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// GEM PRIME as a dma-buf exporter (<c>drm_prime.c:drm_gem_prime_dmabuf_ops</c>): the dma-buf
/// holds a reference on the object and shares its reservation object; attaching pins the
/// object's pages (<c>drm_gem_map_attach</c>), mapping gives its memory, mmap and vmap go to the
/// object, and the release drops the object's link to the dma-buf.
/// </summary>
public sealed class GemPrimeExporter : IDmaBufExporter
{
    private GemPrimeExporter(GemObject exported) => Object = exported;

    /// <summary>The exported object (its device is <c>Object.Device</c>).</summary>
    public GemObject Object { get; }

    // DEFINE_DMA_BUF_EXPORT_INFO names the module that expands it: drm_prime.c is in drm.
    public string ExporterName => "drm";

    /// <summary>
    /// drm_gem_prime_export: a dma-buf of <paramref name="gem"/> (which gets a reference of the
    /// dma-buf's), with one file reference for the caller.
    /// </summary>
    public static int Export(GemObject gem, OpenFlags flags, out DmaBuf? buffer)
    {
        ArgumentNullException.ThrowIfNull(gem);
        var exporter = new GemPrimeExporter(gem.Get());
        int r = DmaBuf.Export(gem.Device.Kernel, exporter, gem.Size, flags, out buffer, gem.Resv);
        if (r < 0)
        {
            gem.Put();
        }

        return r;
    }

    /// <summary>drm_gem_is_prime_exported_dma_buf: whether <paramref name="buffer"/> is a GEM PRIME export of <paramref name="device"/>.</summary>
    public static bool IsExportOf(DmaBuf buffer, DrmDevice device, out GemObject? gem)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        gem = buffer.Exporter is GemPrimeExporter prime && ReferenceEquals(prime.Object.Device, device) ? prime.Object : null;
        return gem is not null;
    }

    int IDmaBufExporter.Attach(DmaBuf buffer, DmaBufAttachment attachment) => Object.Pin();

    void IDmaBufExporter.Detach(DmaBuf buffer, DmaBufAttachment attachment) => Object.Unpin();

    int IDmaBufExporter.Map(DmaBufAttachment attachment, out nint memory)
    {
        memory = Object.Memory;
        return memory == 0 ? -ENOMEM : 0;
    }

    // drm_gem_shmem_helper.c:drm_gem_shmem_mmap: is_cow_mapping is -EINVAL.
    bool IDmaBufExporter.RefusesPrivateMappings => true;

    // drm_gem_dmabuf_mmap -> drm_gem_prime_mmap: the object's memory at the offset, holding an object reference.
    int IDmaBufExporter.Mmap(DmaBuf buffer, SimulatedProcess caller, nuint length, long offset, out MemoryMapping? mapping)
    {
        mapping = null;
        if (Object.Memory == 0)
        {
            return -EINVAL;
        }

        mapping = new GemMapping(Object.Get(), Object.Memory + (nint)offset, length);
        return 0;
    }

    int IDmaBufExporter.Vmap(DmaBuf buffer, out nint address) => Object.Vmap(out address);

    void IDmaBufExporter.Vunmap(DmaBuf buffer, nint address) => Object.Vunmap();

    // drm_gem_dmabuf_release: the object forgets the dma-buf and loses the dma-buf's reference.
    void IDmaBufExporter.Release(DmaBuf buffer)
    {
        lock (Object.Device.PrimeLock)
        {
            if (ReferenceEquals(Object.ExportedAs, buffer))
            {
                Object.ExportedAs = null;
            }
        }

        Object.Put();
    }

    public override string ToString() => $"GEM PRIME export of {Object}";
}

/// <summary>A mapping of a GEM object's memory; holds an object reference until unmapped.</summary>
internal sealed class GemMapping(GemObject mapped, nint address, nuint length) : MemoryMapping(address, length)
{
    public GemObject Object { get; } = mapped;

    protected internal override void OnUnmap() => Object.Put();
}
