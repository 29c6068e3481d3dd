using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Iommufd;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Vfio;
using AccelInterop.Simulation.Vfio;
using AccelInterop.Simulation.Vfio.Pci;
using static AccelInterop.Simulation.Tests.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Tests.Vfio;

/// <summary>
/// The IOAS commands vfio.md leaves out (drivers/iommu/iommufd/ioas.c and io_pagetable.c in 7.2.13):
/// IOMMU_IOAS_COPY, IOMMU_IOAS_ALLOW_IOVAS, IOMMU_GET_HW_INFO (device.c) IOMMU_HWPT_ALLOC (hw_pagetable.c) and IOMMU_VFIO_IOAS (vfio_compat.c), named by the kernel function whose rule each checks.
/// </summary>
public sealed unsafe class IommufdIoasTests
{
    private const uint Readable = (uint)iommufd_ioas_map_flags.IOMMU_IOAS_MAP_READABLE;
    private const uint ReadWrite = Readable | (uint)iommufd_ioas_map_flags.IOMMU_IOAS_MAP_WRITEABLE;
    private const uint Fixed = (uint)iommufd_ioas_map_flags.IOMMU_IOAS_MAP_FIXED_IOVA;
    private const ulong PageSize = 4096;

    [Fact]
    public void Iommufd_ioas_copy_checks_in_order_then_maps_the_source_pages_so_dma_through_the_copy_reaches_the_same_memory()
    {
        using var rig = new VfioRig();
        // 64 KiB aligned, so the alignment iopt_alloc_iova takes from the user address is known.
        byte* memory = (byte*)NativeMemory.AlignedAlloc(8 * (nuint)PageSize, 0x10000);
        try
        {
            using UserMemoryRegistration registration = rig.Process.Memory.Register(memory, 8 * (nuint)PageSize);
            var span = new Span<byte>(memory, 8 * (int)PageSize);
            span.Clear();
            ulong va = (ulong)memory;
            using DeviceFile iommufd = DeviceFile.Open(rig.Process, IommufdSubsystem.Path).Value;
            uint source = IommufdCalls.AllocateIoas(iommufd);
            uint destination = IommufdCalls.AllocateIoas(iommufd);
            // Two back-to-back areas in the source: two pages read-write, then one page read-only.
            Assert.True(IommufdCalls.Map(iommufd, source, va, 2 * PageSize, 0x10000, Fixed | ReadWrite).Result.IsSuccess);
            Assert.True(IommufdCalls.Map(iommufd, source, va + (2 * PageSize), PageSize, 0x12000, Fixed | Readable).Result.IsSuccess);

            // iommufd_ioas_copy: flags, sizes, a direction, the source IOAS, then iopt_get_pages.
            Assert.Equal(Errno.EOPNOTSUPP, IommufdCalls.Copy(iommufd, destination, source, 0x10000, PageSize, 0, Readable | 8).Result.Error);
            Assert.Equal(Errno.EOVERFLOW, IommufdCalls.Copy(iommufd, destination, source, 0x10000, ulong.MaxValue, 0, Readable).Result.Error);
            Assert.Equal(Errno.EOVERFLOW, IommufdCalls.Copy(iommufd, destination, source, ulong.MaxValue, PageSize, 0, Readable).Result.Error);
            Assert.Equal(Errno.EINVAL, IommufdCalls.Copy(iommufd, destination, source, 0x10000, PageSize, 0x40000, Fixed).Result.Error);
            Assert.Equal(Errno.ENOENT, IommufdCalls.Copy(iommufd, destination, 99, 0x10000, PageSize, 0, Readable).Result.Error);
            Assert.Equal(Errno.EINVAL, IommufdCalls.Copy(iommufd, destination, source, 0x10000, 0, 0, Readable).Result.Error);
            Assert.Equal(Errno.EOVERFLOW, IommufdCalls.Copy(iommufd, destination, source, ulong.MaxValue - 1, 2 * PageSize, 0, Readable).Result.Error);
            // iopt_for_each_contig_area: the source must be mapped from its first byte to its last, without a gap.
            Assert.Equal(Errno.ENOENT, IommufdCalls.Copy(iommufd, destination, source, 0x10000, 4 * PageSize, 0, Readable).Result.Error);
            Assert.Equal(Errno.ENOENT, IommufdCalls.Copy(iommufd, destination, source, 0xf000, 2 * PageSize, 0, Readable).Result.Error);
            // The destination is looked up only after the source's pages were taken.
            Assert.Equal(Errno.ENOENT, IommufdCalls.Copy(iommufd, 99, source, 0x10000, PageSize, 0, Readable).Result.Error);
            Assert.Equal(Errno.ENOENT, IommufdCalls.Copy(iommufd, 99, source, 0x20000, PageSize, 0, Readable).Result.Error);
            // iopt_insert_area: writing needs pages that were taken for writing (the read-only area's were not).
            Assert.Equal(Errno.EPERM, IommufdCalls.Copy(iommufd, destination, source, 0x10000, 3 * PageSize, 0x40000, Fixed | ReadWrite).Result.Error);

            using DeviceFile cdev = DeviceFile.Open(rig.Process, rig.Device.CdevPath).Value;
            Assert.True(IommufdCalls.Bind(cdev, iommufd.Handle.Fd).Result.IsSuccess);
            Assert.True(IommufdCalls.Attach(cdev, destination).Result.IsSuccess);

            // Both areas read-only at a fixed IOVA, and the second page of the first one read-write where
            // iopt_alloc_iova puts it: alignment min(roundup_pow_of_two(4 KiB), lowest bit of va + 4 KiB) =
            // 4 KiB, first fit from PAGE_SIZE.
            Assert.True(IommufdCalls.Copy(iommufd, destination, source, 0x10000, 3 * PageSize, 0x40000, Fixed | Readable).Result.IsSuccess);
            (SysResult placed, ulong iova) = IommufdCalls.Copy(iommufd, destination, source, 0x11000, PageSize, 0, ReadWrite);
            Assert.True(placed.IsSuccess);
            Assert.Equal(PageSize, iova);
            // The copy's areas are the destination's own: copying onto them is -EEXIST (iopt_check_iova).
            Assert.Equal(Errno.EEXIST, IommufdCalls.Copy(iommufd, destination, source, 0x10000, PageSize, 0x41000, Fixed | Readable).Result.Error);

            VfioRig.EnableBusMaster(cdev);
            using MappedRegion bar = cdev.Map((nuint)EduDevice.Bar0Length, VfioRig.RegionOffset(VFIO_PCI_BAR0_REGION_INDEX)).Value;
            Fill(span.Slice((int)PageSize, 64), 0x10);
            // Read through the read-only copy (va + 4 KiB), write through the allocated one (va + 4 KiB + 2 KiB).
            VfioRig.EduDma(bar, 0x41000, EduDevice.DmaBufferAddress, 64, EduDevice.DmaRun);
            VfioRig.EduDma(bar, EduDevice.DmaBufferAddress, iova + 0x800, 64, EduDevice.DmaRun | EduDevice.DmaToMemory);
            Assert.True(span.Slice(0x1800, 64).SequenceEqual(span.Slice(0x1000, 64)));
            Assert.Empty(rig.Device.IommuFaults);

            // A write through the read-only copy faults.
            VfioRig.EduDma(bar, EduDevice.DmaBufferAddress, 0x40000, 64, EduDevice.DmaRun | EduDevice.DmaToMemory);
            Assert.Equal(new IommuFault(VfioRig.EduName, 0x40000, 64, true), Assert.Single(rig.Device.IommuFaults));

            // The copy holds the pages, not the source's areas: with the source empty, the copy still reaches them.
            Assert.Equal(3 * PageSize, IommufdCalls.Unmap(iommufd, source, 0, ulong.MaxValue).Length);
            Fill(span.Slice(2 * (int)PageSize, 64), 0x60);
            VfioRig.EduDma(bar, 0x42000, EduDevice.DmaBufferAddress, 64, EduDevice.DmaRun);
            VfioRig.EduDma(bar, EduDevice.DmaBufferAddress, iova, 64, EduDevice.DmaRun | EduDevice.DmaToMemory);
            Assert.True(span.Slice(0x1000, 64).SequenceEqual(span.Slice(0x2000, 64)));
            Assert.Single(rig.Device.IommuFaults);
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }

        rig.Process.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Iommufd_ioas_allow_iovas_limits_only_allocated_iovas_and_never_meets_a_reserved_range()
    {
        using var rig = new VfioRig();
        byte* memory = (byte*)NativeMemory.AlignedAlloc(4 * (nuint)PageSize, 0x10000);
        try
        {
            using UserMemoryRegistration registration = rig.Process.Memory.Register(memory, 4 * (nuint)PageSize);
            ulong va = (ulong)memory;
            using DeviceFile iommufd = DeviceFile.Open(rig.Process, IommufdSubsystem.Path).Value;
            uint ioas = IommufdCalls.AllocateIoas(iommufd);

            // iommufd_ioas_allow_iovas: __reserved, the IOAS, then iommufd_ioas_load_iovas range by range.
            var reserved = new iommu_ioas_allow_iovas { size = (uint)Unsafe.SizeOf<iommu_ioas_allow_iovas>(), ioas_id = ioas, __reserved = 1 };
            Assert.Equal(Errno.EOPNOTSUPP, VfioRig.Call(iommufd, IOMMU_IOAS_ALLOW_IOVAS, ref reserved).Error);
            Assert.Equal(Errno.ENOENT, IommufdCalls.AllowIovas(iommufd, 99, (0x100000, 0x1fffff)).Error);
            Assert.Equal(Errno.EINVAL, IommufdCalls.AllowIovas(iommufd, ioas, (0x2000, 0x2000)).Error); // start must be below last
            Assert.Equal(Errno.EINVAL, IommufdCalls.AllowIovas(iommufd, ioas, (0x100000, 0x1fffff), (0x1ff000, 0x2fffff)).Error);
            var unreadable = new iommu_ioas_allow_iovas { size = (uint)Unsafe.SizeOf<iommu_ioas_allow_iovas>(), ioas_id = ioas, num_iovas = 1, allowed_iovas = 0x10 };
            Assert.Equal(Errno.EFAULT, VfioRig.Call(iommufd, IOMMU_IOAS_ALLOW_IOVAS, ref unreadable).Error);

            // An area outside the new set stays (iopt_set_allow_iova checks only the reserved ranges).
            Assert.True(IommufdCalls.Map(iommufd, ioas, va, PageSize, 0x10000, Fixed | ReadWrite).Result.IsSuccess);
            Assert.True(IommufdCalls.AllowIovas(iommufd, ioas, (0x300000, 0x3fffff), (0x100000, 0x1fffff)).IsSuccess);

            // iopt_alloc_iova: first fit inside the allowed ranges, in address order.
            Assert.Equal(0x100000ul, IommufdCalls.Map(iommufd, ioas, va, PageSize, 0, ReadWrite).Iova);
            Assert.Equal(0x101000ul, IommufdCalls.Map(iommufd, ioas, va + PageSize, PageSize, 0, ReadWrite).Iova);
            // 2 MiB at 64 KiB alignment fits in neither 1 MiB range.
            Assert.Equal(Errno.ENOSPC, IommufdCalls.Map(iommufd, ioas, va, 2UL << 20, 0, ReadWrite).Result.Error);
            // iopt_check_iova does not look at them: a FIXED_IOVA map outside is fine.
            Assert.True(IommufdCalls.Map(iommufd, ioas, va + (2 * PageSize), PageSize, 0x400000, Fixed | ReadWrite).Result.IsSuccess);
            // IOAS_IOVA_RANGES reports the holes between reserved ranges, not the allowed ones.
            var (_, count, _, ranges) = IommufdCalls.IovaRanges(iommufd, ioas, 2);
            Assert.Equal((1u, 0ul, ulong.MaxValue), (count, ranges[0].start, ranges[0].last));

            // A range over the MSI window: fine with no domain, but the domain cannot reserve it then (iopt_reserve_iova).
            Assert.True(IommufdCalls.AllowIovas(iommufd, ioas, (0xfe000000, 0xfeffffff)).IsSuccess);
            using DeviceFile cdev = DeviceFile.Open(rig.Process, rig.Device.CdevPath).Value;
            Assert.True(IommufdCalls.Bind(cdev, iommufd.Handle.Fd).Result.IsSuccess);
            Assert.Equal(Errno.EADDRINUSE, IommufdCalls.Attach(cdev, ioas).Result.Error);
            Assert.True(IommufdCalls.AllowIovas(iommufd, ioas).IsSuccess); // no ranges: no limit
            Assert.True(IommufdCalls.Attach(cdev, ioas).Result.IsSuccess);
            // With the domain's reserved ranges in place, an allowed range may not touch them; the old set stays.
            Assert.True(IommufdCalls.AllowIovas(iommufd, ioas, (0x200000, 0x2fffff)).IsSuccess);
            Assert.Equal(Errno.EADDRINUSE, IommufdCalls.AllowIovas(iommufd, ioas, (0x200000, 0x2fffff), (0xfe000000, 0xfeffffff)).Error);
            Assert.Equal(0x200000ul, IommufdCalls.Map(iommufd, ioas, va + (3 * PageSize), PageSize, 0, ReadWrite).Iova);
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }

        rig.Process.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Iommufd_get_hw_info_needs_a_bound_device_and_reports_no_driver_data_zeroing_the_callers_buffer()
    {
        using var rig = new VfioRig();
        byte* buffer = (byte*)NativeMemory.AlignedAlloc((nuint)PageSize, (nuint)PageSize);
        try
        {
            using UserMemoryRegistration registration = rig.Process.Memory.Register(buffer, (nuint)PageSize);
            var span = new Span<byte>(buffer, (int)PageSize);
            span.Fill(0xcc);
            using DeviceFile iommufd = DeviceFile.Open(rig.Process, IommufdSubsystem.Path).Value;
            uint ioas = IommufdCalls.AllocateIoas(iommufd);
            using DeviceFile cdev = DeviceFile.Open(rig.Process, rig.Device.CdevPath).Value;
            (_, uint devId) = IommufdCalls.Bind(cdev, iommufd.Handle.Fd);

            // iommufd_get_hw_info: unknown flags, then iommufd_get_device (an IOAS id is not a device).
            Assert.Equal(Errno.EOPNOTSUPP, IommufdCalls.HwInfo(iommufd, devId, (ulong)buffer, 64, flags: 2).Result.Error);
            Assert.Equal(Errno.ENOENT, IommufdCalls.HwInfo(iommufd, ioas, (ulong)buffer, 64).Result.Error);
            Assert.Equal(Errno.ENOENT, IommufdCalls.HwInfo(iommufd, 99, (ulong)buffer, 64).Result.Error);
            // The trailing bytes of the caller's buffer are cleared: an unwritable one is -EFAULT.
            Assert.Equal(Errno.EFAULT, IommufdCalls.HwInfo(iommufd, devId, 0x10, 64).Result.Error);

            (SysResult result, iommu_hw_info info) = IommufdCalls.HwInfo(iommufd, devId, (ulong)buffer, 64, (uint)iommufd_hw_info_flags.IOMMU_HW_INFO_FLAG_INPUT_TYPE);
            Assert.True(result.IsSuccess);
            Assert.Equal((uint)iommu_hw_info_type.IOMMU_HW_INFO_TYPE_NONE, info.out_data_type);
            Assert.Equal(0u, info.data_len); // the length the kernel has, not the caller's
            Assert.Equal((ulong)iommufd_hw_capabilities.IOMMU_HW_CAP_PCI_ATS_NOT_SUPPORTED, info.out_capabilities);
            Assert.Equal(0, info.out_max_pasid_log2);
            Assert.True(span[..64].IndexOfAnyExcept((byte)0) < 0);
            Assert.Equal(0xcc, span[64]);
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }

        rig.Process.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Iommufd_hwpt_alloc_makes_a_paging_page_table_on_an_ioas_that_attach_uses_and_destroy_keeps_while_attached()
    {
        using var rig = new VfioRig();
        using DeviceFile iommufd = DeviceFile.Open(rig.Process, IommufdSubsystem.Path).Value;
        uint ioas = IommufdCalls.AllocateIoas(iommufd);
        using DeviceFile cdev = DeviceFile.Open(rig.Process, rig.Device.CdevPath).Value;
        (_, uint devId) = IommufdCalls.Bind(cdev, iommufd.Handle.Fd);
        const uint VtdStage1 = (uint)iommu_hwpt_data_type.IOMMU_HWPT_DATA_VTD_S1;

        // iommufd_hwpt_alloc, in its order.
        var reserved = new iommu_hwpt_alloc { size = (uint)Unsafe.SizeOf<iommu_hwpt_alloc>(), dev_id = devId, pt_id = ioas, __reserved = 1 };
        Assert.Equal(Errno.EOPNOTSUPP, VfioRig.Call(iommufd, IOMMU_HWPT_ALLOC, ref reserved).Error);
        Assert.Equal(Errno.EINVAL, IommufdCalls.AllocateHwpt(iommufd, devId, ioas, dataLength: 8).Result.Error); // DATA_NONE with data
        Assert.Equal(Errno.EINVAL, IommufdCalls.AllocateHwpt(iommufd, devId, ioas, dataType: VtdStage1).Result.Error); // a type without data
        Assert.Equal(Errno.ENOENT, IommufdCalls.AllocateHwpt(iommufd, ioas, ioas).Result.Error); // not a device
        Assert.Equal(Errno.EINVAL, IommufdCalls.AllocateHwpt(iommufd, devId, 99).Result.Error); // no such object
        Assert.Equal(Errno.EINVAL, IommufdCalls.AllocateHwpt(iommufd, devId, devId).Result.Error); // neither IOAS nor page table
        // iommufd_hwpt_paging_alloc: the simulated IOMMU takes no allocation flags and no driver data.
        Assert.Equal(Errno.EOPNOTSUPP, IommufdCalls.AllocateHwpt(iommufd, devId, ioas, (uint)iommufd_hwpt_alloc_flags.IOMMU_HWPT_ALLOC_NEST_PARENT).Result.Error);
        Assert.Equal(Errno.EOPNOTSUPP, IommufdCalls.AllocateHwpt(iommufd, devId, ioas, 1u << 31).Result.Error);
        Assert.Equal(Errno.EOPNOTSUPP, IommufdCalls.AllocateHwpt(iommufd, devId, ioas, dataType: VtdStage1, dataLength: 8).Result.Error);

        (SysResult allocated, uint hwpt) = IommufdCalls.AllocateHwpt(iommufd, devId, ioas);
        Assert.True(allocated.IsSuccess);
        Assert.NotEqual(0u, hwpt);
        // iopt_table_add_domain: the IOAS takes the domain's alignment at once.
        Assert.Equal(4096ul, IommufdCalls.IovaRanges(iommufd, ioas, 4).Alignment);
        // iommufd_hwpt_nested_alloc on it: no nesting here.
        Assert.Equal(Errno.EOPNOTSUPP, IommufdCalls.AllocateHwpt(iommufd, devId, hwpt, dataType: VtdStage1, dataLength: 8).Result.Error);
        Assert.Equal(Errno.EBUSY, IommufdCalls.Destroy(iommufd, ioas).Error); // the page table holds the IOAS

        // ATTACH_IOMMUFD_PT with the page table's id attaches to it (no automatic one appears).
        (SysResult attached, uint ptId) = IommufdCalls.Attach(cdev, hwpt);
        Assert.True(attached.IsSuccess);
        Assert.Equal(hwpt, ptId);
        Assert.Equal(Errno.EBUSY, IommufdCalls.Destroy(iommufd, hwpt).Error); // the device holds it
        Assert.True(IommufdCalls.Detach(cdev).IsSuccess);
        // Unlike an automatic one, it outlives its last device until IOMMU_DESTROY.
        Assert.True(IommufdCalls.Destroy(iommufd, hwpt).IsSuccess);
        Assert.Equal(Errno.ENOENT, IommufdCalls.Destroy(iommufd, hwpt).Error);
        Assert.True(IommufdCalls.Destroy(iommufd, ioas).IsSuccess);

        rig.Process.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Iommufd_vfio_ioas_gets_sets_and_clears_the_compatibility_ioas()
    {
        using var rig = new VfioRig();
        using DeviceFile iommufd = DeviceFile.Open(rig.Process, IommufdSubsystem.Path).Value;
        uint ioas = IommufdCalls.AllocateIoas(iommufd);

        Assert.Equal(Errno.ENODEV, IommufdCalls.VfioIoas(iommufd, iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_GET, 0).Result.Error); // none yet
        Assert.Equal(Errno.ENOENT, IommufdCalls.VfioIoas(iommufd, iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_SET, 99).Result.Error);
        Assert.Equal(Errno.EOPNOTSUPP, IommufdCalls.VfioIoas(iommufd, (iommufd_vfio_ioas_op)3, ioas).Result.Error);
        var reserved = new iommu_vfio_ioas { size = (uint)Unsafe.SizeOf<iommu_vfio_ioas>(), ioas_id = ioas, op = (ushort)iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_SET, __reserved = 1 };
        Assert.Equal(Errno.EOPNOTSUPP, VfioRig.Call(iommufd, IOMMU_VFIO_IOAS, ref reserved).Error);

        Assert.True(IommufdCalls.VfioIoas(iommufd, iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_SET, ioas).Result.IsSuccess);
        Assert.Equal(ioas, IommufdCalls.VfioIoas(iommufd, iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_GET, 0).IoasId);
        Assert.True(IommufdCalls.VfioIoas(iommufd, iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_CLEAR, 0).Result.IsSuccess);
        Assert.Equal(Errno.ENODEV, IommufdCalls.VfioIoas(iommufd, iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_GET, 0).Result.Error);
        // Destroying the compatibility IOAS leaves none (iommufd_object_remove).
        Assert.True(IommufdCalls.VfioIoas(iommufd, iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_SET, ioas).Result.IsSuccess);
        Assert.True(IommufdCalls.Destroy(iommufd, ioas).IsSuccess);
        Assert.Equal(Errno.ENODEV, IommufdCalls.VfioIoas(iommufd, iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_GET, 0).Result.Error);

        rig.Process.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    private static void Fill(Span<byte> bytes, byte first)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(first + i);
        }
    }
}
