using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Vgem;

namespace AccelInterop.Simulation.Tests.Hostile;

/// <summary>
/// Issue 12 item 4: mmap lengths and offsets cannot wrap (mm/mmap.c:do_mmap, __get_unmapped_area;
/// dma-buf.c:dma_buf_mmap_internal sees only ranges whose page numbers fit).
/// </summary>
public sealed class MmapRangeTests
{
    [Fact]
    public void Dma_buf_mmap_at_4096_of_2_64_minus_4096_bytes_is_enomem_not_a_mapping()
    {
        using var rig = new VgemRig();
        using DeviceFile buffer = rig.Export(rig.Dumb(8192));

        // PAGE_ALIGN(len) does not wrap, pgoff + pages does not either, but len > TASK_SIZE: -ENOMEM.
        Assert.Equal(Errno.ENOMEM, buffer.Map(unchecked((nuint)(0UL - 4096)), 4096).Error);
        // PAGE_ALIGN wraps to 0: -ENOMEM.
        Assert.Equal(Errno.ENOMEM, buffer.Map(nuint.MaxValue, 0).Error);
        // A length within TASK_SIZE but past the buffer: dma_buf_mmap_internal's -EINVAL.
        Assert.Equal(Errno.EINVAL, buffer.Map(unchecked((nuint)MmapRange.TaskSize), 4096).Error);
        Assert.Equal(Errno.EINVAL, buffer.Map(4096, 8192).Error);
        using MappedRegion last = buffer.Map(4096, 4096).Value;
        Assert.NotEqual(0, last.Address);
    }

    [Fact]
    public void Mmap_range_checks_follow_do_mmap()
    {
        Assert.Equal(0, MmapRange.Check(4096, 0, out ulong pgoff, out ulong pages));
        Assert.Equal((0UL, 1UL), (pgoff, pages));
        Assert.Equal(Errno.EINVAL, Errno.FromKernelReturn(MmapRange.Check(0, 0, out _, out _)));
        Assert.Equal(Errno.EINVAL, Errno.FromKernelReturn(MmapRange.Check(4096, 100, out _, out _)));
        Assert.Equal(Errno.ENOMEM, Errno.FromKernelReturn(MmapRange.Check(nuint.MaxValue, 0, out _, out _)));
        Assert.Equal(Errno.ENOMEM, Errno.FromKernelReturn(MmapRange.Check(unchecked((nuint)MmapRange.TaskSize) + 4096, 0, out _, out _)));
        Assert.False(MmapRange.Fits(1, ulong.MaxValue, 8192));
        Assert.False(MmapRange.Fits(3, 0, 8192));
        Assert.True(MmapRange.Fits(1, 1, 8192));
    }
}
