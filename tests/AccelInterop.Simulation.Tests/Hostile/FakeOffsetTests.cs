using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Amdxdna;
using AccelInterop.Simulation.Tests.Drm;
using AccelInterop.Simulation.Tests.Uapi.Amdxdna;

namespace AccelInterop.Simulation.Tests.Hostile;

/// <summary>
/// Issue 12 item 3: the fake mmap offset space is a range allocator (drm_vma_manager.c:drm_vma_offset_add
/// over drm_mm from DRM_FILE_PAGE_OFFSET_START, DRM_FILE_PAGE_OFFSET_SIZE pages) that reuses freed
/// ranges and answers -ENOSPC when full.
/// </summary>
public sealed class FakeOffsetTests
{
    private const ulong FirstOffset = DrmDevice.FilePageOffsetStart * Page.Size; // 0x100000000

    [Fact]
    public void Fake_mmap_offsets_are_recycled_after_the_object_is_freed()
    {
        var rig = new DrmRig();
        var first = new GemObject(rig.Device, 64 << 20, backing: false);
        Assert.Equal(0, first.CreateMmapOffset());
        Assert.Equal(FirstOffset, first.MmapOffset);
        var second = new GemObject(rig.Device, 4096, backing: false);
        Assert.Equal(0, second.CreateMmapOffset());
        Assert.Equal(FirstOffset + (64 << 20), second.MmapOffset);

        first.Put();
        var third = new GemObject(rig.Device, 4096, backing: false);
        Assert.Equal(0, third.CreateMmapOffset());
        Assert.Equal(FirstOffset, third.MmapOffset); // the freed range, not the next never-used one

        second.Put();
        third.Put();
        Assert.Equal(0, rig.Kernel.Counts[GemObject.BufferObjects]);
    }

    [Theory]
    [InlineData(0xFFFF_FFFF_FFFF_F000UL)]
    [InlineData(DrmDevice.FilePageOffsetSize * Page.Size + Page.Size)] // one page more than the space
    public void A_fake_offset_too_large_for_the_space_is_enospc_and_the_object_goes_with_its_reference(ulong size)
    {
        var rig = new DrmRig();
        var huge = new GemObject(rig.Device, size, backing: false);

        Assert.Equal(Errno.ENOSPC, Errno.FromKernelReturn(huge.CreateMmapOffset()));
        Assert.Equal(0UL, huge.MmapOffset);
        huge.Put(); // drm_gem_create_mmap_offset's caller unwinds: the object is freed
        Assert.Equal(0, rig.Kernel.Counts[GemObject.BufferObjects]);

        var next = new GemObject(rig.Device, 4096, backing: false);
        Assert.Equal(0, next.CreateMmapOffset());
        Assert.Equal(FirstOffset, next.MmapOffset);
        next.Put();
    }

    [Fact]
    public void The_whole_space_fits_one_object_and_then_nothing_more()
    {
        var rig = new DrmRig();
        var all = new GemObject(rig.Device, DrmDevice.FilePageOffsetSize * Page.Size, backing: false);
        Assert.Equal(0, all.CreateMmapOffset());
        var one = new GemObject(rig.Device, 4096, backing: false);
        Assert.Equal(Errno.ENOSPC, Errno.FromKernelReturn(one.CreateMmapOffset()));
        all.Put();
        Assert.Equal(0, one.CreateMmapOffset());
        one.Put();
    }

    [Fact]
    public void The_sample_pattern_open_a_64_MiB_heap_close_runs_20000_times()
    {
        using var rig = new NpuRig();
        for (int i = 0; i < 20_000; i++)
        {
            using DeviceFile file = rig.Open(rig.Process);
            Assert.Equal(Errno.None, rig.CreateBo(amdxdna_bo_type.AMDXDNA_BO_DEV_HEAP, 64UL << 20, out _, file));
        }

        Assert.Equal(1, rig.Kernel.Counts[OpenFile.OpenFiles]); // the rig's own file
    }
}
