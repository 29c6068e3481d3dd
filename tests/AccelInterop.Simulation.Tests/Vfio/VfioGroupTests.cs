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

/// <summary>vfio.md §3 and §7: the group file (group.c) and the ordering rules of the legacy flow.</summary>
public sealed unsafe class VfioGroupTests
{
    private static uint Status(DeviceFile group, uint argsz = 8)
    {
        var status = new vfio_group_status { argsz = argsz };
        VfioRig.Call(group, VFIO_GROUP_GET_STATUS, ref status).ThrowIfError("VFIO_GROUP_GET_STATUS");
        return status.flags;
    }

    [Fact]
    public void Section3_a_group_opens_once_and_reports_viable_then_container_set()
    {
        using var rig = new VfioRig();
        using DeviceFile container = DeviceFile.Open(rig.Process, VfioSubsystem.ContainerPath).Value;
        using DeviceFile group = DeviceFile.Open(rig.Process, rig.GroupPath).Value;
        Assert.Equal(Errno.EBUSY, DeviceFile.Open(rig.Process, rig.GroupPath).Error);
        var shortStatus = new vfio_group_status { argsz = 7 };
        Assert.Equal(Errno.EINVAL, VfioRig.Call(group, VFIO_GROUP_GET_STATUS, ref shortStatus).Error);
        Assert.Equal((uint)VFIO_GROUP_FLAGS_VIABLE, Status(group));
        Assert.True(VfioRig.SetContainer(group, container.Handle.Fd).IsSuccess);
        Assert.Equal((uint)(VFIO_GROUP_FLAGS_VIABLE | VFIO_GROUP_FLAGS_CONTAINER_SET), Status(group));
        Assert.Equal(Errno.ENOTTY, group.Ioctl(VFIO_DEVICE_RESET).Error);
    }

    [Fact]
    public void Section3_set_container_checks_the_fd_then_an_existing_container_then_the_file_kind()
    {
        using var rig = new VfioRig();
        using DeviceFile container = DeviceFile.Open(rig.Process, VfioSubsystem.ContainerPath).Value;
        using DeviceFile other = DeviceFile.Open(rig.Process, "/dev/null").Value;
        using DeviceFile group = DeviceFile.Open(rig.Process, rig.GroupPath).Value;
        Assert.Equal(Errno.EBADF, VfioRig.SetContainer(group, 999).Error);
        Assert.Equal(Errno.EBADFD, VfioRig.SetContainer(group, other.Handle.Fd).Error);
        Assert.True(VfioRig.SetContainer(group, container.Handle.Fd).IsSuccess);
        Assert.Equal(Errno.EINVAL, VfioRig.SetContainer(group, container.Handle.Fd).Error);
        Assert.Equal(Errno.EFAULT, group.Ioctl(VFIO_GROUP_SET_CONTAINER.Value, (void*)16).Error);
    }

    [Fact]
    public void Section3_set_container_with_an_iommufd_makes_its_compatibility_ioas_which_the_groups_devices_dma_through()
    {
        using var rig = new VfioRig();
        const ulong Iova = 0x100000;
        byte* memory = (byte*)NativeMemory.AlignedAlloc(2 * 4096, 4096);
        try
        {
            using UserMemoryRegistration registration = rig.Process.Memory.Register(memory, 2 * 4096);
            var span = new Span<byte>(memory, 2 * 4096);
            span.Clear();
            using DeviceFile iommufd = DeviceFile.Open(rig.Process, IommufdSubsystem.Path).Value;
            using DeviceFile group = DeviceFile.Open(rig.Process, rig.GroupPath).Value;

            // group.c:vfio_group_ioctl_set_container: an iommufd is taken, with iommufd_vfio_compat_ioas_create.
            Assert.Equal(Errno.ENODEV, IommufdCalls.VfioIoas(iommufd, iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_GET, 0).Result.Error);
            Assert.True(VfioRig.SetContainer(group, iommufd.Handle.Fd).IsSuccess);
            Assert.Equal((uint)(VFIO_GROUP_FLAGS_VIABLE | VFIO_GROUP_FLAGS_CONTAINER_SET), Status(group));
            Assert.Equal(Errno.EINVAL, VfioRig.SetContainer(group, iommufd.Handle.Fd).Error); // vfio_group_has_iommu
            (SysResult got, uint ioas) = IommufdCalls.VfioIoas(iommufd, iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_GET, 0);
            Assert.True(got.IsSuccess);
            uint flags = (uint)(iommufd_ioas_map_flags.IOMMU_IOAS_MAP_FIXED_IOVA | iommufd_ioas_map_flags.IOMMU_IOAS_MAP_READABLE | iommufd_ioas_map_flags.IOMMU_IOAS_MAP_WRITEABLE);
            Assert.True(IommufdCalls.Map(iommufd, ioas, (ulong)memory, 2 * 4096, Iova, flags).Result.IsSuccess);

            // vfio_df_group_open: the first open binds the device to the iommufd and attaches it to that IOAS.
            using (DeviceFile device = VfioRig.Wrap(rig.Process, VfioRig.GetDeviceFd(group, VfioRig.EduName).Value))
            {
                VfioRig.EnableBusMaster(device);
                using MappedRegion bar = device.Map((nuint)EduDevice.Bar0Length, VfioRig.RegionOffset(VFIO_PCI_BAR0_REGION_INDEX)).Value;
                for (int i = 0; i < 64; i++)
                {
                    span[i] = (byte)(i + 1);
                }

                VfioRig.EduDma(bar, Iova, EduDevice.DmaBufferAddress, 64, EduDevice.DmaRun);
                VfioRig.EduDma(bar, EduDevice.DmaBufferAddress, Iova + 4096, 64, EduDevice.DmaRun | EduDevice.DmaToMemory);
                Assert.True(span.Slice(4096, 64).SequenceEqual(span[..64]));
                Assert.Empty(rig.Device.IommuFaults);

                // vfio_group_ioctl_unset_container: an iommufd goes even with a device open; the device keeps its binding.
                Assert.True(group.Ioctl(VFIO_GROUP_UNSET_CONTAINER).IsSuccess);
                Assert.Equal(Errno.EINVAL, group.Ioctl(VFIO_GROUP_UNSET_CONTAINER).Error);
                Assert.Equal((uint)VFIO_GROUP_FLAGS_VIABLE, Status(group));
                span.Slice(4096, 64).Clear();
                VfioRig.EduDma(bar, EduDevice.DmaBufferAddress, Iova + 4096, 64, EduDevice.DmaRun | EduDevice.DmaToMemory);
                Assert.True(span.Slice(4096, 64).SequenceEqual(span[..64]));
            }

            Assert.Equal(0, rig.Device.OpenCount);

            // vfio_iommufd_compat_attach_ioas: with the compatibility IOAS cleared, the open fails with -ENODEV.
            Assert.True(VfioRig.SetContainer(group, iommufd.Handle.Fd).IsSuccess);
            Assert.True(IommufdCalls.VfioIoas(iommufd, iommufd_vfio_ioas_op.IOMMU_VFIO_IOAS_CLEAR, 0).Result.IsSuccess);
            Assert.Equal(Errno.ENODEV, VfioRig.GetDeviceFd(group, VfioRig.EduName).Error);
            Assert.Equal(0, rig.Device.OpenCount);
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }

        rig.Process.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Section3_get_device_fd_needs_a_known_name_a_container_and_an_iommu_in_that_order()
    {
        using var rig = new VfioRig();
        using DeviceFile container = DeviceFile.Open(rig.Process, VfioSubsystem.ContainerPath).Value;
        using DeviceFile group = DeviceFile.Open(rig.Process, rig.GroupPath).Value;
        Assert.Equal(Errno.ENODEV, VfioRig.GetDeviceFd(group, "0000:00:05.0").Error);
        Assert.Equal(Errno.EINVAL, VfioRig.GetDeviceFd(group, VfioRig.EduName).Error); // no container
        Assert.True(VfioRig.SetContainer(group, container.Handle.Fd).IsSuccess);
        Assert.Equal(Errno.EINVAL, VfioRig.GetDeviceFd(group, VfioRig.EduName).Error); // no SET_IOMMU yet
        Assert.True(container.Ioctl(VFIO_SET_IOMMU.Value, (void*)(nint)VFIO_TYPE1v2_IOMMU).IsSuccess);
        int fd = VfioRig.GetDeviceFd(group, VfioRig.EduName).Value;
        int again = VfioRig.GetDeviceFd(group, VfioRig.EduName + " vf_token=00000000-0000-0000-0000-000000000000").Value;
        Assert.Equal(2, rig.Device.OpenCount); // the group path opens a device several times
        AccelInterop.Simulation.Kernel.OpenFile file = rig.Process.GetFile(fd)!;
        Assert.Equal(OpenFlags.ReadWrite | OpenFlags.CloseOnExec, file.Flags);
        file.Put();
        Assert.True(rig.Process.Close(fd).IsSuccess);
        Assert.True(rig.Process.Close(again).IsSuccess);
        Assert.Equal(0, rig.Device.OpenCount);
    }

    [Fact]
    public void Section3_unset_container_needs_one_and_no_open_device_and_the_last_group_unsets_the_container()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        {
            Assert.Equal(Errno.EBUSY, group.Ioctl(VFIO_GROUP_UNSET_CONTAINER).Error);
            device.Dispose();
            Assert.True(group.Ioctl(VFIO_GROUP_UNSET_CONTAINER).IsSuccess);
            Assert.Equal(Errno.EINVAL, group.Ioctl(VFIO_GROUP_UNSET_CONTAINER).Error);
            Assert.Equal((uint)VFIO_GROUP_FLAGS_VIABLE, Status(group));

            // The container lost its backend with its last group: SET_IOMMU is possible again once a group is back.
            var info = new vfio_iommu_type1_info { argsz = (uint)Unsafe.SizeOf<vfio_iommu_type1_info>() };
            Assert.Equal(Errno.EINVAL, VfioRig.Call(container, VFIO_IOMMU_GET_INFO, ref info).Error);
            Assert.True(VfioRig.SetContainer(group, container.Handle.Fd).IsSuccess);
            Assert.True(container.Ioctl(VFIO_SET_IOMMU.Value, (void*)(nint)VFIO_TYPE1_IOMMU).IsSuccess);
        }

        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Section7_device_files_keep_the_group_and_container_until_the_last_close()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        container.Dispose();
        group.Dispose();
        Assert.Equal(1, rig.Kernel.Counts[VfioContainer.Containers]); // held by the group, which the device file holds
        Assert.Equal(Errno.EBUSY, DeviceFile.Open(rig.Process, rig.GroupPath).Error);
        Assert.Equal(0x010000edu, VfioRig.ReadRegion32(device, VFIO_PCI_BAR0_REGION_INDEX, 0));
        device.Dispose();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
        using DeviceFile reopened = DeviceFile.Open(rig.Process, rig.GroupPath).Value;
    }
}
