using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>
/// The one interval map behind device address spaces: the rules VFIO type1 MAP/UNMAP_DMA
/// (vfio.md §2), drm_gpuvm (Xe VM_BIND) and drm_mm (the amdxdna heap) need.
/// </summary>
public sealed class IovaSpaceTests
{
    private const ulong Page = 4096;
    private static readonly object A = new(), B = new();

    private static IovaSpace<object> Space(ulong first = 0x10000, ulong last = 0xFFFFF) => new(first, last);

    [Fact]
    public void Ranges_must_be_page_aligned_non_empty_inside_and_not_wrap()
    {
        IovaSpace<object> space = Space();
        Assert.Equal(-Errno.EINVAL, space.Map(0x10001, Page, A));
        Assert.Equal(-Errno.EINVAL, space.Map(0x10000, 100, A));
        Assert.Equal(-Errno.EINVAL, space.Map(0x10000, 0, A));
        Assert.Equal(-Errno.EINVAL, space.Map(0xF000, Page, A));       // below the space
        Assert.Equal(-Errno.EINVAL, space.Map(0xFF000, 2 * Page, A));  // past its end
        Assert.Equal(-Errno.EOVERFLOW, new IovaSpace<object>(0, ulong.MaxValue).Map(ulong.MaxValue - Page + 1, 2 * Page, A));
        Assert.Equal(0, new IovaSpace<object>(0, ulong.MaxValue).Map(ulong.MaxValue - Page + 1, Page, A)); // up to the last byte
        Assert.Equal(0, space.Count);
    }

    [Fact]
    public void Overlap_in_any_way_is_eexist_and_touching_is_fine()
    {
        IovaSpace<object> space = Space();
        Assert.Equal(0, space.Map(0x20000, 4 * Page, A));
        Assert.Equal(-Errno.EEXIST, space.Map(0x20000, Page, B));            // same start
        Assert.Equal(-Errno.EEXIST, space.Map(0x1F000, 2 * Page, B));        // over the start
        Assert.Equal(-Errno.EEXIST, space.Map(0x23000, 2 * Page, B));        // over the end
        Assert.Equal(-Errno.EEXIST, space.Map(0x1F000, 8 * Page, B));        // around it
        Assert.Equal(0, space.Map(0x1F000, Page, B));
        Assert.Equal(0, space.Map(0x24000, Page, B));
        Assert.Equal(3, space.Count);
    }

    [Fact]
    public void Allocation_is_first_fit_aligned_and_enospc_when_full()
    {
        IovaSpace<object> space = Space(0, 0x3FFFF);
        Assert.Equal(0L, space.Allocate(Page, 0x8000, A));
        Assert.Equal(0x8000L, space.Allocate(2 * Page, 0x8000, A));
        Assert.Equal(0, space.Map(0x10000, Page, B));
        Assert.Equal(0x18000L, space.Allocate(Page, 0x8000, A));  // the hole at 0x1000 is unaligned, 0x10000 taken
        Assert.Equal(0x1000L, space.Allocate(Page, Page, A));      // but a page-aligned request takes it
        Assert.Equal(-Errno.ENOSPC, space.Allocate(0x40000, Page, A));
        Assert.Equal(0x20000L, space.Allocate(0x20000, 0x8000, A)); // exactly to the last byte
        Assert.Equal(-Errno.ENOSPC, space.Allocate(0x8000, 0x8000, A));
        Assert.Equal(-Errno.EINVAL, space.Allocate(Page, 3 * Page, A));
    }

    [Fact]
    public void Partial_unmap_splits_keeping_offsets_or_is_refused_when_whole_mappings_only()
    {
        IovaSpace<object> space = Space();
        Assert.Equal(0, space.Map(0x20000, 4 * Page, A, offset: 0x100000));
        Assert.Equal(-Errno.EINVAL, space.Unmap(0x21000, Page, IovaUnmapMode.WholeMappingsOnly));
        Assert.Equal(-Errno.EINVAL, space.Unmap(0x1F000, 2 * Page, IovaUnmapMode.WholeMappingsOnly));

        var removed = new List<IovaMapping<object>>();
        Assert.Equal((long)Page, space.Unmap(0x21000, Page, IovaUnmapMode.Split, removed));

        Assert.Equal(
            [new IovaMapping<object>(0x20000, Page, A, 0x100000), new IovaMapping<object>(0x22000, 2 * Page, A, 0x102000)],
            space.Mappings);
        Assert.Equal([new IovaMapping<object>(0x21000, Page, A, 0x101000)], removed);
        Assert.Equal(0x102000UL, space.Find(0x22000, Page)!.Value.Offset);
    }

    [Fact]
    public void Unmapping_nothing_is_zero_bytes_and_a_range_over_several_mappings_takes_them_all()
    {
        IovaSpace<object> space = Space();
        Assert.Equal(0L, space.Unmap(0x40000, Page, IovaUnmapMode.WholeMappingsOnly));
        space.Map(0x20000, Page, A);
        space.Map(0x22000, Page, B);
        Assert.Equal(2L * (long)Page, space.Unmap(0x20000, 3 * Page, IovaUnmapMode.WholeMappingsOnly));
        Assert.Equal(0L, space.Unmap(0x20000, 3 * Page, IovaUnmapMode.WholeMappingsOnly)); // a second unmap: 0 bytes
        Assert.Equal(0, space.Count);
    }

    [Fact]
    public void Merging_joins_neighbours_that_continue_each_other_only()
    {
        IovaSpace<object> space = Space();
        Assert.Equal(0, space.Map(0x20000, Page, A, offset: 0, merge: true));
        Assert.Equal(0, space.Map(0x22000, Page, A, offset: 2 * Page, merge: true));
        Assert.Equal(0, space.Map(0x21000, Page, A, offset: Page, merge: true)); // fills the hole: one mapping
        Assert.Equal([new IovaMapping<object>(0x20000, 3 * Page, A, 0)], space.Mappings);

        Assert.Equal(0, space.Map(0x23000, Page, A, offset: 0, merge: true)); // same value, offset does not continue
        Assert.Equal(0, space.Map(0x24000, Page, B, offset: 5 * Page, merge: true)); // another value
        Assert.Equal(3, space.Count);
    }

    [Fact]
    public void Lookup_finds_the_mapping_holding_the_whole_range()
    {
        IovaSpace<object> space = Space();
        space.Map(0x20000, 2 * Page, A);
        space.Map(0x22000, Page, B);
        Assert.Same(A, space.Find(0x21FF0, 16)!.Value.Value);
        Assert.Null(space.Find(0x21FF0, 32));          // runs into the next mapping
        Assert.Same(B, space.Find(0x22000, Page)!.Value.Value);
        Assert.Null(space.Find(0x30000, 1));
        Assert.True(space.Remove(0x22000, B));
        Assert.False(space.Remove(0x20000, B));
    }
}
