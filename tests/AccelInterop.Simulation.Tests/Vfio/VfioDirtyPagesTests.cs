using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Vfio;
using static AccelInterop.Simulation.Tests.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Tests.Vfio;

/// <summary>
/// vfio.md §2, type1 dirty-page tracking (vfio_iommu_type1.c: vfio_iommu_type1_dirty_pages,
/// vfio_iova_dirty_bitmap, update_user_bitmap, verify_bitmap_size, and the unmap with GET_DIRTY_BITMAP).
/// Two mappings of two pages each, at 0x10000 and 0x20000; a physical device's group makes type1 report
/// every page of every mapping dirty.
/// </summary>
public sealed unsafe class VfioDirtyPagesTests
{
    private const uint Start = 1, Stop = 2, GetBitmap = 4;
    private const ulong Page = 4096;

    [Fact]
    public void Section2_dirty_pages_takes_exactly_one_of_start_stop_and_get_bitmap_and_start_and_stop_repeat()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group) = rig.OpenContainerAndGroup();
        using (container)
        using (group)
        {
            byte[] shortHeader = new byte[8];
            BitConverter.TryWriteBytes(shortHeader, 7u);
            BitConverter.TryWriteBytes(shortHeader.AsSpan(4), Start);
            Assert.Equal(Errno.EINVAL, container.Ioctl(VFIO_IOMMU_DIRTY_PAGES.Value, shortHeader).Error);
            Assert.Equal(Errno.EINVAL, DirtyPages(container, 0).Error);
            Assert.Equal(Errno.EINVAL, DirtyPages(container, Start | Stop).Error);
            Assert.Equal(Errno.EINVAL, DirtyPages(container, 8).Error);
            Assert.True(DirtyPages(container, Start).IsSuccess);
            Assert.True(DirtyPages(container, Start).IsSuccess);
            Assert.True(DirtyPages(container, Stop).IsSuccess);
            Assert.True(DirtyPages(container, Stop).IsSuccess);
        }
    }

    [Fact]
    public void Section2_dirty_pages_on_a_type1_v1_container_is_EACCES()
    {
        using var rig = new VfioRig();
        using DeviceFile container = DeviceFile.Open(rig.Process, VfioSubsystem.ContainerPath).ThrowIfError();
        using DeviceFile group = DeviceFile.Open(rig.Process, rig.GroupPath).ThrowIfError();
        VfioRig.SetContainer(group, container.Handle.Fd).ThrowIfError("VFIO_GROUP_SET_CONTAINER");
        container.Ioctl(VFIO_SET_IOMMU.Value, (void*)(nint)VFIO_TYPE1_IOMMU).ThrowIfError("VFIO_SET_IOMMU");
        Assert.Equal(Errno.EACCES, DirtyPages(container, Start).Error);
    }

    [Fact]
    public void Section2_get_bitmap_checks_in_the_kernel_order_and_reports_whole_mappings_dirty()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group) = rig.OpenContainerAndGroup();
        byte* memory = (byte*)NativeMemory.AlignedAlloc((nuint)(5 * Page), (nuint)Page);
        try
        {
            using UserMemoryRegistration registration = rig.Process.Memory.Register(memory, 5 * (int)Page);
            ulong bitmap = (ulong)memory + (4 * Page); // the last page holds the bitmap
            MapTwoMappings(container, memory);

            Assert.Equal(Errno.EINVAL, Get(container, 0x10000, 0x20000, Page, 8, bitmap).Error); // not tracking yet
            Assert.True(DirtyPages(container, Start).IsSuccess);
            Assert.Equal(Errno.EINVAL, Get(container, 0x10000, 0x20000, Page, 8, bitmap, argsz: 47).Error); // no room for the range
            Assert.Equal(Errno.EINVAL, Get(container, 0x10000, 0, Page, 8, bitmap).Error); // size 0
            Assert.Equal(Errno.EOVERFLOW, Get(container, ulong.MaxValue - 4095, 2 * Page, Page, 8, bitmap).Error);
            Assert.Equal(Errno.EINVAL, Get(container, 0x10000, 0x20000, Page, 8, MmapRange.TaskSize).Error); // access_ok
            Assert.Equal(Errno.EINVAL, Get(container, 0x10000, 0x20000, Page, 0, bitmap).Error); // an empty bitmap
            Assert.Equal(Errno.EINVAL, Get(container, 0x10000, 0x100000, Page, 8, bitmap).Error); // 256 pages need 32 bytes
            Assert.Equal(Errno.EINVAL, Get(container, 0x10000, 0x20000, 2 * Page, 8, bitmap).Error); // not the smallest page size
            Assert.Equal(Errno.EINVAL, Get(container, 0x10800, 0x20000, Page, 8, bitmap).Error); // unaligned iova
            Assert.Equal(Errno.EINVAL, Get(container, 0x11000, 0x1000, Page, 8, bitmap).Error); // starts inside a mapping
            Assert.Equal(Errno.EINVAL, Get(container, 0x10000, 0x1000, Page, 8, bitmap).Error); // ends inside a mapping

            // Bits 0-1 (0x10000) and 16-17 (0x20000): whole words are written, so the ones before are gone.
            new Span<byte>(memory + (4 * Page), 8).Fill(0xff);
            Assert.True(Get(container, 0x10000, 0x20000, Page, 8, bitmap).IsSuccess);
            Assert.Equal(0x3_0003ul, *(ulong*)(memory + (4 * Page)));

            // Nothing was written by any DMA, and the next report is the same: a physical device's pages stay dirty.
            *(ulong*)(memory + (4 * Page)) = 0;
            Assert.True(Get(container, 0x10000, 0x20000, Page, 8, bitmap).IsSuccess);
            Assert.Equal(0x3_0003ul, *(ulong*)(memory + (4 * Page)));

            Assert.Equal(Errno.EFAULT, Get(container, 0x10000, 0x20000, Page, 8, (ulong)memory + (5 * Page)).Error); // not the caller's memory
            Assert.True(DirtyPages(container, Stop).IsSuccess);
            Assert.Equal(Errno.EINVAL, Get(container, 0x10000, 0x20000, Page, 8, bitmap).Error);
        }
        finally
        {
            group.Dispose();
            container.Dispose();
            NativeMemory.AlignedFree(memory);
        }
    }

    [Fact]
    public void Section2_unmap_with_get_dirty_bitmap_needs_tracking_and_the_smallest_page_and_reports_what_it_unmapped()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group) = rig.OpenContainerAndGroup();
        byte* memory = (byte*)NativeMemory.AlignedAlloc((nuint)(5 * Page), (nuint)Page);
        try
        {
            using UserMemoryRegistration registration = rig.Process.Memory.Register(memory, 5 * (int)Page);
            ulong bitmap = (ulong)memory + (4 * Page);
            MapTwoMappings(container, memory);

            Assert.Equal(Errno.EINVAL, UnmapWithBitmap(container, 0x10000, 0x20000, Page, 8, bitmap, argsz: 47).Result.Error);
            Assert.Equal(Errno.EINVAL, UnmapWithBitmap(container, 0x10000, 0x100000, Page, 8, bitmap).Result.Error); // bitmap too small
            Assert.Equal(Errno.EINVAL, UnmapWithBitmap(container, 0x10000, 0x20000, Page, 8, bitmap).Result.Error); // not tracking
            Assert.True(DirtyPages(container, Start).IsSuccess);
            Assert.Equal(Errno.EINVAL, UnmapWithBitmap(container, 0x10000, 0x20000, 2 * Page, 8, bitmap).Result.Error);

            (SysResult result, ulong unmapped) = UnmapWithBitmap(container, 0x10000, 0x20000, Page, 8, bitmap);
            Assert.True(result.IsSuccess);
            Assert.Equal(4 * Page, unmapped);
            Assert.Equal(0x3_0003ul, *(ulong*)(memory + (4 * Page)));
            Assert.Equal(0, rig.Kernel.Counts[VfioContainer.DmaMappings]);
        }
        finally
        {
            group.Dispose();
            container.Dispose();
            NativeMemory.AlignedFree(memory);
        }
    }

    private static void MapTwoMappings(DeviceFile container, byte* memory)
    {
        Assert.True(VfioRig.Map(container, 0x10000, (ulong)memory, 2 * Page).IsSuccess);
        Assert.True(VfioRig.Map(container, 0x20000, (ulong)memory + (2 * Page), 2 * Page).IsSuccess);
    }

    private static SysResult DirtyPages(DeviceFile container, uint flags)
    {
        byte[] header = new byte[8];
        BitConverter.TryWriteBytes(header, (uint)header.Length);
        BitConverter.TryWriteBytes(header.AsSpan(4), flags);
        return container.Ioctl(VFIO_IOMMU_DIRTY_PAGES.Value, header);
    }

    // vfio_iommu_type1_dirty_bitmap {argsz, flags} then vfio_iommu_type1_dirty_bitmap_get {iova, size, vfio_bitmap {pgsize, size, data}}.
    private static SysResult Get(DeviceFile container, ulong iova, ulong size, ulong pageSize, ulong bitmapSize, ulong data, uint argsz = 48)
    {
        byte[] buffer = new byte[48];
        BitConverter.TryWriteBytes(buffer, argsz);
        BitConverter.TryWriteBytes(buffer.AsSpan(4), GetBitmap);
        WriteRange(buffer.AsSpan(8), iova, size, pageSize, bitmapSize, data);
        return container.Ioctl(VFIO_IOMMU_DIRTY_PAGES.Value, buffer);
    }

    // vfio_iommu_type1_dma_unmap {argsz, flags, iova, size} then vfio_bitmap {pgsize, size, data}.
    private static (SysResult Result, ulong Unmapped) UnmapWithBitmap(DeviceFile container, ulong iova, ulong size, ulong pageSize, ulong bitmapSize, ulong data, uint argsz = 48)
    {
        byte[] buffer = new byte[48];
        BitConverter.TryWriteBytes(buffer, argsz);
        BitConverter.TryWriteBytes(buffer.AsSpan(4), (uint)VFIO_DMA_UNMAP_FLAG_GET_DIRTY_BITMAP);
        WriteRange(buffer.AsSpan(8), iova, size, pageSize, bitmapSize, data);
        SysResult result = container.Ioctl(VFIO_IOMMU_UNMAP_DMA.Value, buffer);
        return (result, BitConverter.ToUInt64(buffer, 16));
    }

    private static void WriteRange(Span<byte> at, ulong iova, ulong size, ulong pageSize, ulong bitmapSize, ulong data)
    {
        BitConverter.TryWriteBytes(at, iova);
        BitConverter.TryWriteBytes(at[8..], size);
        BitConverter.TryWriteBytes(at[16..], pageSize);
        BitConverter.TryWriteBytes(at[24..], bitmapSize);
        BitConverter.TryWriteBytes(at[32..], data);
    }
}
