using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Vfio;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// The type1 IOMMU backend of a container (<c>drivers/vfio/vfio_iommu_type1.c</c>), v2 semantics:
/// one IOVA space shared by every group of the container, as an x86 IOMMU domain with a 48-bit
/// aperture less the MSI window, 4 KiB/2 MiB/1 GiB pages, and at most <see cref="DmaEntryLimit"/>
/// mappings (the module parameter <c>dma_entry_limit</c>, 65535 by default). MAP_DMA, UNMAP_DMA and GET_INFO with
/// its capability chain (migration, DMA available, IOVA ranges, in the kernel's order).
/// Not modelled: dirty-page tracking (GET_DIRTY_BITMAP is refused as without tracking) and the
/// VADDR update (refused with -EINVAL, and CHECK_EXTENSION(VFIO_UPDATE_VADDR) answers 0 so a
/// program that probes does not rely on it).
/// </summary>
internal sealed class VfioIommuType1 : IIommuDomain
{
    /// <summary>The module parameter <c>dma_entry_limit</c>'s default.</summary>
    public const int DefaultDmaEntryLimit = 65535;

    // DIRTY_BITMAP_SIZE_MAX: a bitmap of INT_MAX pages, rounded to u64s, in bytes.
    private const ulong DirtyBitmapSizeMax = ((ulong)int.MaxValue + 63) / 64 * 8;
    private const ulong MinimumPage = IommuGeometry.MinimumPage;
    private const ulong PageSizeBitmap = IommuGeometry.PageSizeBitmap;
    private const ulong ApertureLast = IommuGeometry.ApertureLast;

    private readonly IovaSpace<VfioDmaMapping> _space = new(0, ApertureLast, MinimumPage);
    private readonly ObjectCounter _mappings;

    public VfioIommuType1(SimulatedKernel kernel, bool version2, int dmaEntryLimit)
    {
        IsVersion2 = version2;
        DmaEntryLimit = dmaEntryLimit;
        _mappings = kernel.Counts.Counter(VfioContainer.DmaMappings);
    }

    /// <summary>VFIO_TYPE1v2_IOMMU (whole-mapping unmaps) rather than VFIO_TYPE1_IOMMU.</summary>
    public bool IsVersion2 { get; }

    public int MappingCount => _space.Count;

    /// <summary>How many mappings the backend takes.</summary>
    public int DmaEntryLimit { get; }

    /// <summary>The valid IOVA ranges: the aperture less the reserved MSI window.</summary>
    public static ReadOnlySpan<ulong> IovaRanges => IommuGeometry.UsableRanges;

    // vfio_iommu_type1_check_extension, with this backend set on a container.
    public static int CheckExtension(ulong extension, bool attached) => extension switch
    {
        VFIO_TYPE1_IOMMU or VFIO_TYPE1v2_IOMMU or VFIO_UNMAP_ALL => 1,
        VFIO_DMA_CC_IOMMU => attached ? 1 : 0, // an x86 domain with snoop control enforces coherency
        _ => 0,
    };

    // vfio_iommu_type1_get_info: the page sizes, then the capability chain when argsz has room for it.
    public int GetInfo(SimulatedProcess caller, ref vfio_iommu_type1_info info, IoctlUserArgument user)
    {
        info.flags = (uint)VFIO_IOMMU_INFO_PGSIZES;
        info.iova_pgsizes = PageSizeBitmap;
        var caps = new VfioInfoCapabilities();
        caps.Add(new vfio_iommu_type1_info_cap_migration
        {
            header = VfioInfoCapabilities.Header(VFIO_IOMMU_TYPE1_INFO_CAP_MIGRATION, 1),
            pgsize_bitmap = MinimumPage,
            max_dirty_bitmap_size = DirtyBitmapSizeMax,
        });
        caps.Add(new vfio_iommu_type1_info_dma_avail
        {
            header = VfioInfoCapabilities.Header(VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL, 1),
            avail = (uint)(DmaEntryLimit - _space.Count),
        });
        ReadOnlySpan<ulong> ranges = IovaRanges;
        caps.Add(new vfio_iommu_type1_info_cap_iova_range
        {
            header = VfioInfoCapabilities.Header(VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE, 1),
            nr_iovas = (uint)(ranges.Length / 2),
        }, MemoryMarshal.AsBytes(ranges));
        info.flags |= (uint)VFIO_IOMMU_INFO_CAPS;
        int placed = caps.CopyOut(caller, user.Address, info.argsz, Unsafe.SizeOf<vfio_iommu_type1_info>());
        if (placed < 0)
        {
            return placed;
        }

        if (placed == 0)
        {
            info.argsz = caps.NeededArgsz(Unsafe.SizeOf<vfio_iommu_type1_info>());
        }

        info.cap_offset = (uint)placed;
        return 0;
    }

    // vfio_iommu_type1_map_dma -> vfio_dma_do_map, in its order.
    public int Map(SimulatedProcess caller, ref vfio_iommu_type1_dma_map map)
    {
        uint known = (uint)(VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE | VFIO_DMA_MAP_FLAG_VADDR);
        if ((map.flags & ~known) != 0 || map.size == 0)
        {
            return -EINVAL;
        }

        if (map.iova + (map.size - 1) < map.iova || map.vaddr + (map.size - 1) < map.vaddr)
        {
            return -EOVERFLOW;
        }

        bool readable = (map.flags & VFIO_DMA_MAP_FLAG_READ) != 0;
        bool writable = (map.flags & VFIO_DMA_MAP_FLAG_WRITE) != 0;
        bool setVaddr = (map.flags & VFIO_DMA_MAP_FLAG_VADDR) != 0;
        if ((readable || writable) == setVaddr)
        {
            return -EINVAL;
        }

        if (((map.size | map.iova | map.vaddr) & (MinimumPage - 1)) != 0 || setVaddr)
        {
            return -EINVAL; // VADDR updates are not modelled (see the class)
        }

        if (_space.Overlaps(map.iova, map.size))
        {
            return -EEXIST;
        }

        if (_space.Count >= DmaEntryLimit)
        {
            return -ENOSPC;
        }

        if (!IsValidIova(map.iova, map.iova + map.size - 1))
        {
            return -EINVAL;
        }

        // vfio_pin_map_dma: the pages must be there to pin.
        if (!caller.Memory.IsAccessible(map.vaddr, (nuint)map.size))
        {
            return -EFAULT;
        }

        int mapped = _space.Map(map.iova, map.size, new VfioDmaMapping(caller.Memory, map.vaddr, readable, writable));
        if (mapped == 0)
        {
            _mappings.Add(1);
        }

        return mapped;
    }

    // vfio_iommu_type1_unmap_dma -> vfio_dma_do_unmap: the bytes unmapped go back in size.
    public int Unmap(ref vfio_iommu_type1_dma_unmap unmap)
    {
        uint all = (uint)VFIO_DMA_UNMAP_FLAG_ALL;
        uint dirty = (uint)VFIO_DMA_UNMAP_FLAG_GET_DIRTY_BITMAP;
        uint vaddr = (uint)VFIO_DMA_UNMAP_FLAG_VADDR;
        if ((unmap.flags & ~(all | dirty | vaddr)) != 0 || (unmap.flags & dirty) != 0 || (unmap.flags & vaddr) != 0)
        {
            // Unknown flags; a dirty bitmap without dirty tracking (never started here); VADDR (not modelled).
            return -EINVAL;
        }

        if ((unmap.iova & (MinimumPage - 1)) != 0)
        {
            return -EINVAL;
        }

        List<IovaMapping<VfioDmaMapping>> removed = [];
        long unmapped;
        if ((unmap.flags & all) != 0)
        {
            if (unmap.iova != 0 || unmap.size != 0)
            {
                return -EINVAL;
            }

            unmapped = _space.Unmap(0, ApertureLast + 1, IovaUnmapMode.Split, removed);
        }
        else
        {
            if (unmap.size == 0 || (unmap.size & (MinimumPage - 1)) != 0)
            {
                return -EINVAL;
            }

            if (unmap.iova + (unmap.size - 1) < unmap.iova)
            {
                return -EOVERFLOW;
            }

            unmapped = _space.Unmap(unmap.iova, unmap.size, IsVersion2 ? IovaUnmapMode.WholeMappingsOnly : IovaUnmapMode.Split, removed);
        }

        if (unmapped < 0)
        {
            return (int)unmapped;
        }

        _mappings.Add(-removed.Count);
        unmap.size = (ulong)unmapped;
        return 0;
    }

    /// <summary>Every mapping goes (the container lost its last group).</summary>
    public void Release()
    {
        List<IovaMapping<VfioDmaMapping>> removed = [];
        _space.Unmap(0, ApertureLast + 1, IovaUnmapMode.Split, removed);
        _mappings.Add(-removed.Count);
    }

    /// <summary>A device read of [<paramref name="iova"/>, +length): 0, or -EFAULT where nothing readable is mapped.</summary>
    public int DmaRead(ulong iova, Span<byte> destination) => IommuDmaWalk.Access(_space, iova, destination.Length, write: false, destination, default);

    /// <summary>A device write: 0, or -EFAULT where nothing writable is mapped.</summary>
    public int DmaWrite(ulong iova, ReadOnlySpan<byte> source) => IommuDmaWalk.Access(_space, iova, source.Length, write: true, default, source);

    // vfio_iommu_iova_dma_valid: the whole range inside one valid IOVA range.
    private static bool IsValidIova(ulong start, ulong last)
    {
        ReadOnlySpan<ulong> ranges = IovaRanges;
        for (int i = 0; i < ranges.Length; i += 2)
        {
            if (start >= ranges[i] && last <= ranges[i + 1])
            {
                return true;
            }
        }

        return false;
    }
}
