using System.Numerics;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Vfio;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Iommufd;

/// <summary>
/// An I/O address space (<c>struct iommufd_ioas</c> and its <c>io_pagetable</c>,
/// <c>drivers/iommu/iommufd/io_pagetable.c</c>): areas of user memory at IOVAs, independent of any
/// device. While no domain is attached it spans every address at byte alignment; each attached
/// domain (here always the simulated x86 IOMMU) raises the alignment to 4 KiB and reserves what
/// the domain cannot map — the MSI window and everything above the 48-bit aperture — so
/// IOAS_IOVA_RANGES reports the holes that are left. The simulation does not pin: a DMA checks
/// that the process still has the memory, and a map while a domain is attached checks it once.
/// </summary>
public sealed class IommufdIoas : IommufdObject
{
    /// <summary>The first address an allocated IOVA may take, and the room kept below the top (iopt_alloc_iova).</summary>
    private const ulong AllocationGuard = Page.Size;

    /// <summary>The largest alignment iopt_alloc_iova asks of an allocated IOVA (HPAGE_SIZE with THP).</summary>
    private const ulong MaximumAllocationAlignment = 2UL << 20;

    private readonly IovaSpace<VfioDmaMapping> _areas = new(0, ulong.MaxValue, 1);
    private readonly ObjectCounter _mappings;
    private int _domains;

    // IOMMU_IOAS_ALLOW_IOVAS' ranges as sorted inclusive [start, last] pairs; empty: no limit.
    private ulong[] _allowed = [];

    internal IommufdIoas(IommufdContext context, ObjectCounter mappings)
        : base(context) => _mappings = mappings;

    /// <summary>How many areas are mapped.</summary>
    public int AreaCount => _areas.Count;

    /// <summary>iopt->iova_alignment: 1 without a domain, the domain's smallest page with one.</summary>
    public ulong IovaAlignment => Volatile.Read(ref _domains) > 0 ? IommuGeometry.MinimumPage : 1;

    /// <summary>The holes between reserved ranges, as inclusive [start, last] pairs (IOAS_IOVA_RANGES).</summary>
    public ulong[] UsableRanges() => Volatile.Read(ref _domains) > 0 ? IommuGeometry.UsableRanges.ToArray() : [0, ulong.MaxValue];

    /// <summary>
    /// iopt_map_user_pages: maps [<paramref name="userAddress"/>, +<paramref name="length"/>) of
    /// <paramref name="memory"/> at <paramref name="iova"/> (fixed) or at an address it allocates (written back).
    /// </summary>
    internal int Map(UserMemory memory, ulong userAddress, ulong length, bool readable, bool writable, bool fixedIova, ref ulong iova)
    {
        // iopt_alloc_user_pages / iopt_alloc_pages.
        if (userAddress + length < userAddress)
        {
            return -EOVERFLOW;
        }

        if (length == 0 || length > ulong.MaxValue - Page.Size)
        {
            return -EINVAL;
        }

        IommufdPagesSlice[] pages = [new(memory, userAddress, length, writable)];
        return MapPages(pages, length, readable, writable, fixedIova, ref iova);
    }

    /// <summary>
    /// iopt_get_pages: the pages behind [<paramref name="iova"/>, +<paramref name="length"/>), one slice
    /// per area; an empty range is -EINVAL, one that wraps -EOVERFLOW, and one not covered by
    /// back-to-back areas from its first byte to its last -ENOENT.
    /// </summary>
    internal int GetPages(ulong iova, ulong length, out IommufdPagesSlice[] pages)
    {
        pages = [];
        if (length == 0)
        {
            return -EINVAL;
        }

        ulong last = iova + (length - 1);
        if (last < iova)
        {
            return -EOVERFLOW;
        }

        // iopt_for_each_contig_area: each next area must start where the previous one ended.
        var slices = new List<IommufdPagesSlice>();
        ulong cursor = iova;
        lock (_areas)
        {
            while (_areas.Find(cursor, 1) is IovaMapping<VfioDmaMapping> { Value: VfioDmaMapping area } found)
            {
                ulong end = Math.Min(last, found.Last);
                slices.Add(new(area.Memory, area.UserAddress + found.Offset + (cursor - found.Start), end - cursor + 1, area.PagesWritable));
                if (end == last)
                {
                    pages = [.. slices];
                    return 0;
                }

                cursor = end + 1;
            }
        }

        return -ENOENT;
    }

    /// <summary>
    /// iopt_map_pages: areas for <paramref name="pages"/> back to back from <paramref name="iova"/> (fixed)
    /// or from an address it allocates (written back), then the pages pinned for the attached domains.
    /// </summary>
    internal int MapPages(IReadOnlyList<IommufdPagesSlice> pages, ulong length, bool readable, bool writable, bool fixedIova, ref ulong iova)
    {
        // iopt_alloc_area_pages under the IOVA lock.
        lock (_areas)
        {
            ulong alignment = IovaAlignment;
            if ((length & (alignment - 1)) != 0 || length == 0)
            {
                return -EINVAL;
            }

            int placed = fixedIova ? CheckIova(iova, length, alignment) : AllocateIova(pages[0].UserAddress, length, alignment, out iova);
            if (placed < 0)
            {
                return placed;
            }

            // iopt_insert_area for each slice: writing needs pages taken for writing (-EPERM), and the
            // slice's offset into its first page must suit the alignment (-EINVAL).
            foreach (IommufdPagesSlice slice in pages)
            {
                if (writable && !slice.Writable)
                {
                    return -EPERM;
                }

                if ((slice.UserAddress % Page.Size & (alignment - 1)) != 0)
                {
                    return -EINVAL;
                }
            }

            // iopt_fill_domains_pages: with a domain attached the pages are pinned now.
            if (Volatile.Read(ref _domains) > 0)
            {
                foreach (IommufdPagesSlice slice in pages)
                {
                    if (!slice.Memory.IsAccessible(slice.UserAddress, (nuint)slice.Length))
                    {
                        return -EFAULT;
                    }
                }
            }

            ulong at = iova;
            foreach (IommufdPagesSlice slice in pages)
            {
                var area = new VfioDmaMapping(slice.Memory, slice.UserAddress, readable, writable) { PagesWritable = slice.Writable };
                int mapped = _areas.Map(at, slice.Length, area);
                if (mapped < 0)
                {
                    // Checked above: only a slice the space itself refuses gets here; what went in comes out.
                    if (at != iova)
                    {
                        Unmap(iova, at - 1, out _);
                    }

                    return mapped;
                }

                _mappings.Add(1);
                at += slice.Length;
            }

            return 0;
        }
    }

    /// <summary>
    /// iopt_set_allow_iova: <paramref name="sorted"/> (disjoint inclusive [start, last] pairs in address order)
    /// are the ranges an allocated IOVA must fall in from now on (none: anywhere). None may touch a reserved
    /// range (-EADDRINUSE, and the old set stays). Areas already mapped stay where they are, and a
    /// FIXED_IOVA map is not limited by them (iopt_check_iova never looks at them).
    /// </summary>
    internal int SetAllowedIovas(ulong[] sorted)
    {
        lock (_areas)
        {
            if (!Within(UsableRanges(), sorted))
            {
                return -EADDRINUSE;
            }

            _allowed = sorted;
            return 0;
        }
    }

    /// <summary>
    /// iopt_unmap_iova_range over [<paramref name="iova"/>, <paramref name="last"/>]: whole areas go in
    /// address order; one that sticks out of the range stops it with -ENOENT (those before it stay
    /// unmapped). The bytes unmapped, or the error.
    /// </summary>
    internal long Unmap(ulong iova, ulong last, out ulong unmapped)
    {
        unmapped = 0;
        lock (_areas)
        {
            foreach (IovaMapping<VfioDmaMapping> area in _areas.Mappings)
            {
                if (area.Last < iova || area.Start > last)
                {
                    continue;
                }

                if (area.Start < iova || area.Last > last)
                {
                    return -ENOENT;
                }

                _areas.Remove(area.Start, area.Value!);
                _mappings.Add(-1);
                unmapped += area.Length;
            }
        }

        return 0;
    }

    /// <summary>A device access through the IOAS (the domain shows exactly its areas).</summary>
    internal int DmaAccess(ulong iova, int length, bool write, Span<byte> destination, ReadOnlySpan<byte> source) =>
        IommuDmaWalk.Access(_areas, iova, length, write, destination, source);

    /// <summary>
    /// iopt_table_add_domain and the device's reserved regions: every area and every allowed range must
    /// stay out of what the domain reserves, and every area suit its alignment (-EADDRINUSE); the areas'
    /// pages must be there to pin (-EFAULT).
    /// </summary>
    internal int AddDomain()
    {
        lock (_areas)
        {
            ulong mask = IommuGeometry.MinimumPage - 1;
            ReadOnlySpan<ulong> usable = IommuGeometry.UsableRanges;
            foreach (IovaMapping<VfioDmaMapping> area in _areas.Mappings)
            {
                if ((area.Start & mask) != 0 || (area.Length & mask) != 0 || (area.Value!.UserAddress & mask) != 0 || !Inside(usable, area.Start, area.Last))
                {
                    return -EADDRINUSE;
                }
            }

            // iopt_reserve_iova: the domain's reserved ranges may not touch an allowed range either.
            if (!Within(usable, _allowed))
            {
                return -EADDRINUSE;
            }

            foreach (IovaMapping<VfioDmaMapping> area in _areas.Mappings)
            {
                if (!area.Value!.Memory.IsAccessible(area.Value.UserAddress, (nuint)area.Length))
                {
                    return -EFAULT;
                }
            }

            _domains++;
            Users++;
            return 0;
        }
    }

    internal void RemoveDomain()
    {
        lock (_areas)
        {
            _domains--;
            Users--;
        }
    }

    internal override void Destroy()
    {
        lock (_areas)
        {
            Unmap(0, ulong.MaxValue, out _);
        }
    }

    public override string ToString() => $"iommufd IOAS {Id}";

    // iopt_check_iova: alignment (-EINVAL), wrap (-EOVERFLOW), reserved (-EINVAL), an area already there (-EEXIST).
    private int CheckIova(ulong iova, ulong length, ulong alignment)
    {
        if ((iova & (alignment - 1)) != 0)
        {
            return -EINVAL;
        }

        if (iova + (length - 1) < iova)
        {
            return -EOVERFLOW;
        }

        if (!Inside(UsableRanges(), iova, iova + (length - 1)))
        {
            return -EINVAL;
        }

        return _areas.Overlaps(iova, length) ? -EEXIST : 0;
    }

    // iopt_alloc_iova: alignment from the length and the user address, first fit in the holes between
    // reserved ranges and areas inside the allowed ranges (if any), within [PAGE_SIZE, ULONG_MAX - PAGE_SIZE],
    // keeping the page offset.
    private int AllocateIova(ulong userAddress, ulong length, ulong minimumAlignment, out ulong iova)
    {
        ulong pageOffset = userAddress % Page.Size;
        iova = 0;
        if (length >= ulong.MaxValue / 2)
        {
            return -EOVERFLOW;
        }

        ulong alignment = BitOperations.RoundUpToPowerOf2(length);
        if (userAddress != 0)
        {
            alignment = Math.Min(alignment, 1UL << BitOperations.TrailingZeroCount(userAddress));
        }

        alignment = Math.Min(alignment, MaximumAllocationAlignment);
        if (alignment < minimumAlignment)
        {
            return -EINVAL;
        }

        ulong[] usable = _allowed.Length == 0 ? UsableRanges() : Intersect(UsableRanges(), _allowed);
        IReadOnlyList<IovaMapping<VfioDmaMapping>> areas = _areas.Mappings;
        for (int r = 0; r < usable.Length; r += 2)
        {
            ulong cursor = Math.Max(usable[r], AllocationGuard);
            ulong last = Math.Min(usable[r + 1], ulong.MaxValue - AllocationGuard);
            bool full = cursor > last;
            foreach (IovaMapping<VfioDmaMapping> area in areas)
            {
                if (full || area.Start > last)
                {
                    break;
                }

                if (area.Last < cursor)
                {
                    continue;
                }

                if (area.Start > cursor && TryPlace(cursor, area.Start - 1, length, alignment, pageOffset, out iova))
                {
                    return 0;
                }

                full = area.Last >= last;
                cursor = full ? last : area.Last + 1;
            }

            if (!full && TryPlace(cursor, last, length, alignment, pageOffset, out iova))
            {
                return 0;
            }
        }

        return -ENOSPC;
    }

    // __alloc_iova_check_range: ALIGN up, keep the page offset, and fit before the hole's last address.
    private static bool TryPlace(ulong start, ulong last, ulong length, ulong alignment, ulong pageOffset, out ulong placed)
    {
        placed = 0;
        if (start > ulong.MaxValue - (alignment - 1))
        {
            return false;
        }

        ulong aligned = ((start + (alignment - 1)) & ~(alignment - 1)) | pageOffset;
        if (aligned >= last || last - aligned < length - 1)
        {
            return false;
        }

        placed = aligned;
        return true;
    }

    // Every range of inner lies inside one range of outer (both as [start, last] pairs).
    private static bool Within(ReadOnlySpan<ulong> outer, ReadOnlySpan<ulong> inner)
    {
        for (int i = 0; i < inner.Length; i += 2)
        {
            if (!Inside(outer, inner[i], inner[i + 1]))
            {
                return false;
            }
        }

        return true;
    }

    // The addresses in both sets of sorted, disjoint [start, last] pairs, as such pairs.
    private static ulong[] Intersect(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var both = new List<ulong>();
        for (int i = 0; i < a.Length; i += 2)
        {
            for (int j = 0; j < b.Length; j += 2)
            {
                ulong start = Math.Max(a[i], b[j]), last = Math.Min(a[i + 1], b[j + 1]);
                if (start <= last)
                {
                    both.Add(start);
                    both.Add(last);
                }
            }
        }

        return [.. both];
    }

    private static bool Inside(ReadOnlySpan<ulong> ranges, ulong start, ulong last)
    {
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
