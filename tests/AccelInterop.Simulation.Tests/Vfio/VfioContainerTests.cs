using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Vfio;
using AccelInterop.Simulation.Vfio;
using static AccelInterop.Simulation.Tests.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Tests.Vfio;

/// <summary>vfio.md §2: the container (container.c) and the type1 IOMMU backend (vfio_iommu_type1.c).</summary>
public sealed unsafe class VfioContainerTests
{
    private static SysResult CheckExtension(DeviceFile container, int extension) =>
        container.Ioctl(VFIO_CHECK_EXTENSION.Value, (void*)(nint)extension);

    private static SysResult SetIommu(DeviceFile container, int type) => container.Ioctl(VFIO_SET_IOMMU.Value, (void*)(nint)type);

    private static ulong Unmapped((SysResult Result, ulong Size) unmap)
    {
        Assert.True(unmap.Result.IsSuccess, unmap.Result.ToString());
        return unmap.Size;
    }

    [Fact]
    public void Section2_api_version_is_0_and_extensions_answer_before_and_after_set_iommu()
    {
        using var rig = new VfioRig();
        using DeviceFile container = DeviceFile.Open(rig.Process, VfioSubsystem.ContainerPath).Value;
        Assert.Equal(VFIO_API_VERSION, container.Ioctl(VFIO_GET_API_VERSION).Value);
        Assert.Equal(1, CheckExtension(container, VFIO_TYPE1_IOMMU).Value);
        Assert.Equal(1, CheckExtension(container, VFIO_TYPE1v2_IOMMU).Value);
        Assert.Equal(1, CheckExtension(container, VFIO_UNMAP_ALL).Value);
        Assert.Equal(0, CheckExtension(container, VFIO_DMA_CC_IOMMU).Value);
        Assert.Equal(0, CheckExtension(container, 12345).Value);

        using DeviceFile group = DeviceFile.Open(rig.Process, rig.GroupPath).Value;
        Assert.True(VfioRig.SetContainer(group, container.Handle.Fd).IsSuccess);
        Assert.True(SetIommu(container, VFIO_TYPE1v2_IOMMU).IsSuccess);
        Assert.Equal(1, CheckExtension(container, VFIO_DMA_CC_IOMMU).Value);
    }

    [Fact]
    public void Section2_set_iommu_needs_a_group_and_only_once_and_a_known_type()
    {
        using var rig = new VfioRig();
        using DeviceFile container = DeviceFile.Open(rig.Process, VfioSubsystem.ContainerPath).Value;
        Assert.Equal(Errno.EINVAL, SetIommu(container, VFIO_TYPE1v2_IOMMU).Error); // no group yet
        var map = new vfio_iommu_type1_dma_map { argsz = 32, flags = 3, size = 4096 };
        Assert.Equal(Errno.EINVAL, VfioRig.Call(container, VFIO_IOMMU_MAP_DMA, ref map).Error); // no backend: -EINVAL

        using DeviceFile group = DeviceFile.Open(rig.Process, rig.GroupPath).Value;
        Assert.True(VfioRig.SetContainer(group, container.Handle.Fd).IsSuccess);
        Assert.Equal(Errno.ENODEV, SetIommu(container, 77).Error);
        Assert.True(SetIommu(container, VFIO_TYPE1v2_IOMMU).IsSuccess);
        Assert.Equal(Errno.EINVAL, SetIommu(container, VFIO_TYPE1v2_IOMMU).Error); // twice
        Assert.Equal(Errno.ENOTTY, container.Ioctl(VFIO_DEVICE_RESET).Error); // a backend answers unknown requests with -ENOTTY
    }

    [Fact]
    public void Section2_map_dma_validates_in_the_kernel_order()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group) = rig.OpenContainerAndGroup();
        byte* memory = (byte*)NativeMemory.AlignedAlloc(3 * 4096, 4096);
        try
        {
            using UserMemoryRegistration registration = rig.Process.Memory.Register(memory, 3 * 4096);
            ulong vaddr = (ulong)memory;
            var shortMap = new vfio_iommu_type1_dma_map { argsz = 31, flags = 3, vaddr = vaddr, iova = 0, size = 4096 };
            Assert.Equal(Errno.EINVAL, VfioRig.Call(container, VFIO_IOMMU_MAP_DMA, ref shortMap).Error); // argsz < 32
            Assert.Equal(Errno.EINVAL, VfioRig.Map(container, 0, vaddr, 4096, flags: 8).Error); // unknown flag
            Assert.Equal(Errno.EINVAL, VfioRig.Map(container, 0, vaddr, 0).Error); // size 0
            Assert.Equal(Errno.EOVERFLOW, VfioRig.Map(container, ulong.MaxValue - 4095, vaddr, 8192).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.Map(container, 0, vaddr, 4096, flags: 0).Error); // neither READ nor WRITE
            Assert.Equal(Errno.EINVAL, VfioRig.Map(container, 0, vaddr, 4096, flags: 4 | 1).Error); // VADDR with READ
            Assert.Equal(Errno.EINVAL, VfioRig.Map(container, 0x800, vaddr, 4096).Error); // unaligned iova
            Assert.Equal(Errno.EINVAL, VfioRig.Map(container, 0, vaddr + 1, 4096).Error); // unaligned vaddr
            Assert.Equal(Errno.EFAULT, VfioRig.Map(container, 0, vaddr + (4 * 4096), 4096).Error); // nothing to pin there
            Assert.Equal(Errno.EINVAL, VfioRig.Map(container, 0xfee00000, vaddr, 4096).Error); // the MSI window is not a valid IOVA

            Assert.True(VfioRig.Map(container, 0x10000, vaddr, 2 * 4096).IsSuccess);
            Assert.Equal(Errno.EEXIST, VfioRig.Map(container, 0x11000, vaddr, 4096).Error); // overlap
            Assert.Equal(1, rig.Kernel.Counts[VfioContainer.Containers]);
            Assert.Equal(1, rig.Device.Group.Container!.DmaMappingCount);
        }
        finally
        {
            group.Dispose();
            container.Dispose();
            NativeMemory.AlignedFree(memory);
        }

        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString()); // the last group took the mappings with it
    }

    [Fact]
    public void Section2_unmap_dma_v2_refuses_bisecting_returns_bytes_and_0_the_second_time_and_unmaps_all()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group) = rig.OpenContainerAndGroup();
        byte* memory = (byte*)NativeMemory.AlignedAlloc(4 * 4096, 4096);
        try
        {
            using UserMemoryRegistration registration = rig.Process.Memory.Register(memory, 4 * 4096);
            Assert.True(VfioRig.Map(container, 0x10000, (ulong)memory, 2 * 4096).IsSuccess);
            Assert.True(VfioRig.Map(container, 0x20000, (ulong)memory + 8192, 2 * 4096).IsSuccess);

            var shortUnmap = new vfio_iommu_type1_dma_unmap { argsz = 23, iova = 0x10000, size = 8192 };
            Assert.Equal(Errno.EINVAL, VfioRig.Call(container, VFIO_IOMMU_UNMAP_DMA, ref shortUnmap).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.Unmap(container, 0x10000, 8192, flags: 8).Result.Error); // unknown flag
            Assert.Equal(Errno.EINVAL, VfioRig.Unmap(container, 0x10000, 8192, flags: 1 | 2).Result.Error); // dirty bitmap with ALL
            Assert.Equal(Errno.EINVAL, VfioRig.Unmap(container, 0x10800, 4096).Result.Error); // unaligned iova
            Assert.Equal(Errno.EINVAL, VfioRig.Unmap(container, 0x10000, 0).Result.Error); // size 0
            Assert.Equal(Errno.EINVAL, VfioRig.Unmap(container, 0x10000, 8192, flags: 2).Result.Error); // ALL with a range
            Assert.Equal(Errno.EINVAL, VfioRig.Unmap(container, 0x11000, 4096).Result.Error); // bisects (v2)

            Assert.Equal(8192ul, Unmapped(VfioRig.Unmap(container, 0x10000, 8192)));
            Assert.Equal(0ul, Unmapped(VfioRig.Unmap(container, 0x10000, 8192))); // nothing there any more
            Assert.Equal(8192ul, Unmapped(VfioRig.Unmap(container, 0, 0, flags: 2))); // ALL
            Assert.Equal(0, rig.Kernel.Counts[VfioContainer.DmaMappings]);
        }
        finally
        {
            group.Dispose();
            container.Dispose();
            NativeMemory.AlignedFree(memory);
        }
    }

    [Fact]
    public void Section2_iommu_get_info_reports_page_sizes_and_a_capability_chain_when_argsz_has_room()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group) = rig.OpenContainerAndGroup();
        using (container)
        using (group)
        {
            var info = new vfio_iommu_type1_info { argsz = (uint)Unsafe.SizeOf<vfio_iommu_type1_info>() };
            Assert.True(VfioRig.Call(container, VFIO_IOMMU_GET_INFO, ref info).IsSuccess);
            Assert.Equal((uint)(VFIO_IOMMU_INFO_PGSIZES | VFIO_IOMMU_INFO_CAPS), info.flags);
            Assert.Equal(0x40201000ul, info.iova_pgsizes);
            Assert.Equal(0u, info.cap_offset);
            uint needed = info.argsz;
            Assert.True(needed > 24);

            byte[] buffer = new byte[needed];
            BitConverter.TryWriteBytes(buffer, needed);
            Assert.True(container.Ioctl(VFIO_IOMMU_GET_INFO.Value, buffer).IsSuccess);
            uint offset = BitConverter.ToUInt32(buffer, 16);
            Assert.Equal(24u, offset);
            var ids = new List<ushort>();
            while (offset != 0)
            {
                ids.Add(BitConverter.ToUInt16(buffer, (int)offset));
                if (ids[^1] == VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE)
                {
                    Assert.Equal(2u, BitConverter.ToUInt32(buffer, (int)offset + 8)); // two ranges around the MSI window
                    Assert.Equal(0xfedffffful, BitConverter.ToUInt64(buffer, (int)offset + 24));
                }

                if (ids[^1] == VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL)
                {
                    Assert.Equal(65535u, BitConverter.ToUInt32(buffer, (int)offset + 8));
                }

                offset = BitConverter.ToUInt32(buffer, (int)offset + 4);
            }

            Assert.Equal([(ushort)VFIO_IOMMU_TYPE1_INFO_CAP_MIGRATION, (ushort)VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL, (ushort)VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE], ids);
        }
    }

    [Fact]
    public void Section2_map_dma_past_dma_entry_limit_is_enospc_after_the_overlap_check_and_before_the_iova_check()
    {
        using var rig = new VfioRig(dmaEntryLimit: 2);
        (DeviceFile container, DeviceFile group) = rig.OpenContainerAndGroup();
        byte* memory = (byte*)NativeMemory.AlignedAlloc(4096, 4096);
        try
        {
            using UserMemoryRegistration registration = rig.Process.Memory.Register(memory, 4096);
            Assert.True(VfioRig.Map(container, 0x10000, (ulong)memory, 4096).IsSuccess);
            Assert.True(VfioRig.Map(container, 0x20000, (ulong)memory, 4096).IsSuccess);
            Assert.Equal(Errno.EEXIST, VfioRig.Map(container, 0x20000, (ulong)memory, 4096).Error);
            Assert.Equal(Errno.ENOSPC, VfioRig.Map(container, 0xfee00000, (ulong)memory, 4096).Error);
            Assert.Equal(8192ul, Unmapped(VfioRig.Unmap(container, 0, 0, flags: 2)));
            Assert.True(VfioRig.Map(container, 0x30000, (ulong)memory, 4096).IsSuccess);
        }
        finally
        {
            group.Dispose();
            container.Dispose();
            NativeMemory.AlignedFree(memory);
        }

        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }
}
