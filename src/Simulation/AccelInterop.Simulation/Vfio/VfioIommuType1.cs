using System.Numerics;
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
/// VFIO_UPDATE_VADDR: UNMAP_DMA(VADDR) invalidates vaddrs without unmapping (the IOMMU keeps
/// translating), MAP_DMA(VADDR) gives a mapping its new vaddr, and no group may join meanwhile.
/// Dirty-page tracking (DIRTY_PAGES START/STOP/GET_BITMAP, UNMAP_DMA with GET_DIRTY_BITMAP) reports
/// whole mappings dirty, as the kernel does for physical devices (<see cref="VfioDirtyBitmap"/>).
/// </summary>
internal sealed class VfioIommuType1 : IIommuDomain
{
    /// <summary>The module parameter <c>dma_entry_limit</c>'s default.</summary>
    public const int DefaultDmaEntryLimit = 65535;

    private const ulong MinimumPage = IommuGeometry.MinimumPage;
    private const ulong PageSizeBitmap = IommuGeometry.PageSizeBitmap;
    private const ulong ApertureLast = IommuGeometry.ApertureLast;

    private readonly IovaSpace<VfioDmaMapping> _space = new(0, ApertureLast, MinimumPage);
    private readonly ObjectCounter _mappings;
    private readonly Lock _vaddrLock = new();
    private int _invalidVaddrs;
    private bool _dirtyTracking;

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

    /// <summary>Mappings whose vaddr UNMAP_DMA(VADDR) invalidated and MAP_DMA(VADDR) has not renewed (vaddr_invalid_count).</summary>
    public int InvalidVaddrCount
    {
        get
        {
            lock (_vaddrLock)
            {
                return _invalidVaddrs;
            }
        }
    }

    // vfio_iommu_type1_check_extension, with this backend set on a container: UPDATE_VADDR only once a backend
    // exists (and no emulated group, which the models never are).
    public static int CheckExtension(ulong extension, bool attached) => extension switch
    {
        VFIO_TYPE1_IOMMU or VFIO_TYPE1v2_IOMMU or VFIO_UNMAP_ALL => 1,
        VFIO_DMA_CC_IOMMU or VFIO_UPDATE_VADDR => attached ? 1 : 0, // an x86 domain with snoop control enforces coherency
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
            max_dirty_bitmap_size = VfioDirtyBitmap.SizeMax,
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
        caps.Place(caller, user.Address, Unsafe.SizeOf<vfio_iommu_type1_info>(), ref info.argsz, out info.cap_offset, out int result);
        return result;
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

        if (((map.size | map.iova | map.vaddr) & (MinimumPage - 1)) != 0)
        {
            return -EINVAL;
        }

        if (setVaddr)
        {
            return UpdateVaddr(caller, map.iova, map.size, map.vaddr);
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

    // vfio_iommu_type1_unmap_dma -> vfio_dma_do_unmap: the bytes unmapped go back in size. With GET_DIRTY_BITMAP
    // the vfio_bitmap after the struct is checked first, and each mapping removed is reported dirty in it.
    public int Unmap(SimulatedProcess caller, ref vfio_iommu_type1_dma_unmap unmap, IoctlUserArgument user)
    {
        uint all = (uint)VFIO_DMA_UNMAP_FLAG_ALL;
        uint dirty = (uint)VFIO_DMA_UNMAP_FLAG_GET_DIRTY_BITMAP;
        uint vaddr = (uint)VFIO_DMA_UNMAP_FLAG_VADDR;
        if ((unmap.flags & ~(all | dirty | vaddr)) != 0 || ((unmap.flags & dirty) != 0 && (unmap.flags & (all | vaddr)) != 0))
        {
            return -EINVAL;
        }

        vfio_bitmap bitmap = default;
        bool report = (unmap.flags & dirty) != 0;
        if (report)
        {
            int minimum = Unsafe.SizeOf<vfio_iommu_type1_dma_unmap>();
            if (unmap.argsz < minimum + Unsafe.SizeOf<vfio_bitmap>())
            {
                return -EINVAL;
            }

            if (caller.Memory.CopyArgumentFromUser(MemoryMarshal.AsBytes(new Span<vfio_bitmap>(ref bitmap)), user.Address + (ulong)minimum) < 0)
            {
                return -EFAULT;
            }

            int checkedBitmap = VfioDirtyBitmap.Check((ulong)bitmap.data, bitmap.size, bitmap.pgsize, unmap.size);
            if (checkedBitmap < 0)
            {
                return checkedBitmap;
            }
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

            if ((unmap.flags & vaddr) != 0)
            {
                return InvalidateVaddrs(0, ApertureLast, ref unmap);
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

            if (report && (!Volatile.Read(ref _dirtyTracking) || bitmap.pgsize != MinimumPage))
            {
                return -EINVAL; // only while tracking, and only at the smallest page size
            }

            if ((unmap.flags & vaddr) != 0)
            {
                return InvalidateVaddrs(unmap.iova, unmap.iova + (unmap.size - 1), ref unmap);
            }

            unmapped = _space.Unmap(unmap.iova, unmap.size, IsVersion2 ? IovaUnmapMode.WholeMappingsOnly : IovaUnmapMode.Split, removed);
        }

        if (unmapped < 0)
        {
            return (int)unmapped;
        }

        ForgetInvalidVaddrs(removed);
        _mappings.Add(-removed.Count);
        unmap.size = (ulong)unmapped;
        foreach (IovaMapping<VfioDmaMapping> mapping in report ? removed : [])
        {
            // The kernel writes each mapping's bits just before removing it; a bitmap that faults fails the call.
            int reported = VfioDirtyBitmap.Report(caller, (ulong)bitmap.data, unmap.iova, mapping.Start, mapping.Length, MinimumPage);
            if (reported < 0)
            {
                return reported;
            }
        }

        return 0;
    }

    // vfio_iommu_type1_dirty_pages (TYPE1v2 only, which the container checked): exactly one of START, STOP and
    // GET_BITMAP. START and STOP are idempotent; GET_BITMAP takes a vfio_iommu_type1_dirty_bitmap_get after the
    // header and reports the mappings inside its range, which may not cut one.
    public int DirtyPages(SimulatedProcess caller, ref vfio_iommu_type1_dirty_bitmap dirty, IoctlUserArgument user)
    {
        uint start = (uint)VFIO_IOMMU_DIRTY_PAGES_FLAG_START, stop = (uint)VFIO_IOMMU_DIRTY_PAGES_FLAG_STOP;
        uint get = (uint)VFIO_IOMMU_DIRTY_PAGES_FLAG_GET_BITMAP;
        if ((dirty.flags & ~(start | stop | get)) != 0 || BitOperations.PopCount(dirty.flags) != 1)
        {
            return -EINVAL;
        }

        if (dirty.flags != get)
        {
            Volatile.Write(ref _dirtyTracking, dirty.flags == start);
            return 0;
        }

        int header = Unsafe.SizeOf<vfio_iommu_type1_dirty_bitmap>();
        var range = default(vfio_iommu_type1_dirty_bitmap_get);
        if (dirty.argsz - header < Unsafe.SizeOf<vfio_iommu_type1_dirty_bitmap_get>())
        {
            return -EINVAL;
        }

        if (caller.Memory.CopyArgumentFromUser(MemoryMarshal.AsBytes(new Span<vfio_iommu_type1_dirty_bitmap_get>(ref range)), user.Address + (ulong)header) < 0)
        {
            return -EFAULT;
        }

        if (range.size == 0)
        {
            return -EINVAL;
        }

        ulong last = range.iova + (range.size - 1);
        if (last < range.iova)
        {
            return -EOVERFLOW;
        }

        ulong data = (ulong)range.bitmap.data;
        int checkedBitmap = VfioDirtyBitmap.Check(data, range.bitmap.size, range.bitmap.pgsize, range.size);
        if (checkedBitmap < 0)
        {
            return checkedBitmap;
        }

        if (range.bitmap.pgsize != MinimumPage || (range.iova & (MinimumPage - 1)) != 0 || (range.size & (MinimumPage - 1)) != 0 ||
            !Volatile.Read(ref _dirtyTracking))
        {
            return -EINVAL;
        }

        // vfio_iova_dirty_bitmap: the range must start and end where mappings do.
        if (_space.Find(range.iova, 1) is { } first && first.Start != range.iova)
        {
            return -EINVAL;
        }

        if (_space.Find(last, 1) is { } end && end.Last != last)
        {
            return -EINVAL;
        }

        foreach (IovaMapping<VfioDmaMapping> mapping in _space.Mappings)
        {
            if (mapping.Start >= range.iova && mapping.Start <= last)
            {
                int reported = VfioDirtyBitmap.Report(caller, data, range.iova, mapping.Start, mapping.Length, MinimumPage);
                if (reported < 0)
                {
                    return reported;
                }
            }
        }

        return 0;
    }

    /// <summary>Every mapping goes (the container lost its last group).</summary>
    public void Release()
    {
        List<IovaMapping<VfioDmaMapping>> removed = [];
        _space.Unmap(0, ApertureLast + 1, IovaUnmapMode.Split, removed);
        ForgetInvalidVaddrs(removed);
        _mappings.Add(-removed.Count);
    }

    // vfio_dma_do_unmap with VFIO_DMA_UNMAP_FLAG_VADDR: each mapping of the range gets an invalid vaddr and counts
    // as unmapped; one already invalid undoes the call's own marks and fails it (-EINVAL). Under TYPE1v2 the range
    // may not cut a mapping (-EINVAL).
    private int InvalidateVaddrs(ulong first, ulong last, ref vfio_iommu_type1_dma_unmap unmap)
    {
        lock (_vaddrLock)
        {
            List<IovaMapping<VfioDmaMapping>> inRange = [.. _space.Mappings.Where(m => m.Last >= first && m.Start <= last)];
            bool all = (unmap.flags & (uint)VFIO_DMA_UNMAP_FLAG_ALL) != 0;
            if (IsVersion2 && !all && inRange.Count > 0 && (inRange[0].Start < first || inRange[^1].Last > last))
            {
                return -EINVAL;
            }

            ulong invalidated = 0;
            for (int i = 0; i < inRange.Count; i++)
            {
                VfioDmaMapping mapping = inRange[i].Value!;
                if (mapping.VaddrInvalid)
                {
                    for (int j = 0; j < i; j++)
                    {
                        inRange[j].Value!.VaddrInvalid = false;
                        _invalidVaddrs--;
                    }

                    return -EINVAL;
                }

                mapping.VaddrInvalid = true;
                _invalidVaddrs++;
                invalidated += inRange[i].Length;
            }

            unmap.size = invalidated;
            return 0;
        }
    }

    // vfio_dma_do_map with VFIO_DMA_MAP_FLAG_VADDR: a mapping must overlap the range (-ENOENT), be exactly it and
    // have its vaddr invalidated (-EINVAL); it takes the new vaddr in the caller's memory.
    private int UpdateVaddr(SimulatedProcess caller, ulong iova, ulong size, ulong vaddr)
    {
        lock (_vaddrLock)
        {
            IovaMapping<VfioDmaMapping>? found = null;
            foreach (IovaMapping<VfioDmaMapping> mapping in _space.Mappings)
            {
                if (mapping.Last >= iova && mapping.Start <= iova + (size - 1))
                {
                    found = mapping;
                    break;
                }
            }

            if (found is not IovaMapping<VfioDmaMapping> dma)
            {
                return -ENOENT;
            }

            if (!dma.Value!.VaddrInvalid || dma.Start != iova || dma.Length != size || dma.Offset != 0)
            {
                return -EINVAL;
            }

            dma.Value.UpdateVaddr(caller.Memory, vaddr);
            _invalidVaddrs--;
            return 0;
        }
    }

    // vfio_remove_dma: an unmapped mapping no longer counts as invalid.
    private void ForgetInvalidVaddrs(List<IovaMapping<VfioDmaMapping>> removed)
    {
        lock (_vaddrLock)
        {
            foreach (VfioDmaMapping mapping in removed.Select(r => r.Value!).Distinct())
            {
                if (mapping.VaddrInvalid && !_space.Mappings.Any(m => m.Value == mapping))
                {
                    mapping.VaddrInvalid = false;
                    _invalidVaddrs--;
                }
            }
        }
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
