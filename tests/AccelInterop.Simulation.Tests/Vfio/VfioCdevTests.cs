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
/// vfio.md §6 and §7 (cdev): the device's cdev node, BIND_IOMMUFD and ATTACH/DETACH_IOMMUFD_PT
/// (drivers/vfio/device_cdev.c), and the /dev/iommu commands the flow needs (drivers/iommu/iommufd).
/// </summary>
public sealed unsafe class VfioCdevTests
{
    private const uint ReadWrite = (uint)(iommufd_ioas_map_flags.IOMMU_IOAS_MAP_READABLE | iommufd_ioas_map_flags.IOMMU_IOAS_MAP_WRITEABLE);
    private const uint FixedReadWrite = ReadWrite | (uint)iommufd_ioas_map_flags.IOMMU_IOAS_MAP_FIXED_IOVA;

    [Fact]
    public void Section6_a_cdev_file_grants_nothing_before_bind()
    {
        using var rig = new VfioRig();
        Assert.Equal("/dev/vfio/devices/vfio0", rig.Device.CdevPath);
        using DeviceFile cdev = DeviceFile.Open(rig.Process, rig.Device.CdevPath).Value;
        var info = new vfio_device_info { argsz = (uint)Unsafe.SizeOf<vfio_device_info>() };
        Assert.Equal(Errno.EINVAL, VfioRig.Call(cdev, VFIO_DEVICE_GET_INFO, ref info).Error);
        Assert.Equal(Errno.EINVAL, IommufdCalls.Attach(cdev, 1).Result.Error);
        Assert.Equal(Errno.EINVAL, cdev.Ioctl(VFIO_DEVICE_RESET).Error);
        Assert.Equal(Errno.EINVAL, cdev.ReadAt(new byte[4], VfioRig.RegionOffset(VFIO_PCI_CONFIG_REGION_INDEX)).Error);
        Assert.Equal(Errno.EINVAL, cdev.WriteAt(new byte[4], VfioRig.RegionOffset(VFIO_PCI_BAR0_REGION_INDEX)).Error);
        Assert.Equal(Errno.EINVAL, cdev.Map((nuint)Page.Size, VfioRig.RegionOffset(VFIO_PCI_BAR0_REGION_INDEX)).Error);
        Assert.Equal(0, rig.Device.OpenCount);
    }

    [Fact]
    public void Section6_bind_checks_argsz_trailing_bytes_fd_flags_then_the_iommufd_and_reports_the_devid()
    {
        using var rig = new VfioRig();
        using DeviceFile iommufd = DeviceFile.Open(rig.Process, IommufdSubsystem.Path).Value;
        using DeviceFile other = DeviceFile.Open(rig.Process, "/dev/null").Value;
        using DeviceFile cdev = DeviceFile.Open(rig.Process, rig.Device.CdevPath).Value;
        int size = Unsafe.SizeOf<vfio_device_bind_iommufd>();

        var tooShort = new vfio_device_bind_iommufd { argsz = 15, iommufd = iommufd.Handle.Fd };
        Assert.Equal(Errno.EINVAL, VfioRig.Call(cdev, VFIO_DEVICE_BIND_IOMMUFD, ref tooShort).Error);
        // copy_struct_from_user: bytes past the kernel's struct must be zero.
        byte[] longer = new byte[size + 8];
        BitConverter.TryWriteBytes(longer.AsSpan(0), (uint)longer.Length);
        BitConverter.TryWriteBytes(longer.AsSpan(8), iommufd.Handle.Fd);
        longer[size] = 1;
        Assert.Equal(Errno.E2BIG, cdev.Ioctl(VFIO_DEVICE_BIND_IOMMUFD.Value, longer).Error);
        Assert.Equal(Errno.EINVAL, IommufdCalls.Bind(cdev, -1).Result.Error);
        var badFlags = new vfio_device_bind_iommufd { argsz = (uint)size, flags = 2, iommufd = iommufd.Handle.Fd };
        Assert.Equal(Errno.EINVAL, VfioRig.Call(cdev, VFIO_DEVICE_BIND_IOMMUFD, ref badFlags).Error);
        // A VF token for a function that is neither a VF nor a PF with VFs (vfio_pci_core_match_token_uuid).
        byte[] uuid = new byte[16];
        fixed (byte* token = uuid)
        {
            using UserMemoryRegistration registration = rig.Process.Memory.Register(token, 16);
            var withToken = new vfio_device_bind_iommufd
            {
                argsz = (uint)size,
                flags = (uint)VFIO_DEVICE_BIND_FLAG_TOKEN,
                iommufd = iommufd.Handle.Fd,
                token_uuid_ptr = (ulong)token,
            };
            Assert.Equal(Errno.EINVAL, VfioRig.Call(cdev, VFIO_DEVICE_BIND_IOMMUFD, ref withToken).Error);
        }

        // iommufd_ctx_from_fd: a closed descriptor -EBADF, another kind of file -EBADFD.
        Assert.Equal(Errno.EBADF, IommufdCalls.Bind(cdev, 999).Result.Error);
        Assert.Equal(Errno.EBADFD, IommufdCalls.Bind(cdev, other.Handle.Fd).Result.Error);
        Assert.Equal(0, rig.Device.OpenCount);

        (SysResult bound, uint devId) = IommufdCalls.Bind(cdev, iommufd.Handle.Fd);
        Assert.True(bound.IsSuccess, bound.ToString());
        Assert.Equal(1u, devId); // the first object of a fresh iommufd
        Assert.Equal(1, rig.Device.OpenCount);
        Assert.Equal(Errno.EINVAL, IommufdCalls.Bind(cdev, iommufd.Handle.Fd).Result.Error); // bound once
        Assert.Equal(Errno.EBUSY, IommufdCalls.Destroy(iommufd, devId).Error); // vfio holds its device object
    }

    [Fact]
    public void Section6_the_group_and_the_cdev_exclude_each_other_and_a_device_binds_through_one_cdev_file()
    {
        using var rig = new VfioRig();
        using DeviceFile iommufd = DeviceFile.Open(rig.Process, IommufdSubsystem.Path).Value;
        using DeviceFile cdev = DeviceFile.Open(rig.Process, rig.Device.CdevPath).Value;
        using DeviceFile second = DeviceFile.Open(rig.Process, rig.Device.CdevPath).Value; // opening is allowed
        using (DeviceFile.Open(rig.Process, rig.GroupPath).Value)
        {
            Assert.Equal(Errno.EBUSY, IommufdCalls.Bind(cdev, iommufd.Handle.Fd).Result.Error); // vfio_device_block_group
        }

        Assert.True(IommufdCalls.Bind(cdev, iommufd.Handle.Fd).Result.IsSuccess);
        Assert.Equal(Errno.EBUSY, DeviceFile.Open(rig.Process, rig.GroupPath).Error); // cdev_device_open_cnt
        Assert.Equal(Errno.EINVAL, IommufdCalls.Bind(second, iommufd.Handle.Fd).Result.Error); // vfio_df_open: open_count != 0
        cdev.Dispose();
        using DeviceFile group = DeviceFile.Open(rig.Process, rig.GroupPath).Value; // unblocked at unbind
        Assert.Equal(0, rig.Device.OpenCount);
    }

    [Fact]
    public void Section6_a_group_device_file_cannot_bind_and_has_no_attach()
    {
        using var rig = new VfioRig();
        using DeviceFile iommufd = DeviceFile.Open(rig.Process, IommufdSubsystem.Path).Value;
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            Assert.Equal(Errno.EINVAL, IommufdCalls.Bind(device, iommufd.Handle.Fd).Result.Error);
            Assert.Equal(Errno.ENOTTY, IommufdCalls.Attach(device, 1).Result.Error); // cdev only: vfio_pci_core_ioctl does not know it
        }
    }

    [Fact]
    public void Section6_attach_checks_argsz_flags_and_the_object_then_an_ioas_gets_an_automatic_page_table()
    {
        using var rig = new VfioRig();
        using DeviceFile iommufd = DeviceFile.Open(rig.Process, IommufdSubsystem.Path).Value;
        using DeviceFile cdev = DeviceFile.Open(rig.Process, rig.Device.CdevPath).Value;
        uint devId = IommufdCalls.Bind(cdev, iommufd.Handle.Fd).DevId;
        uint ioas = IommufdCalls.AllocateIoas(iommufd);

        var tooShort = new vfio_device_attach_iommufd_pt { argsz = 11, pt_id = ioas };
        Assert.Equal(Errno.EINVAL, VfioRig.Call(cdev, VFIO_DEVICE_ATTACH_IOMMUFD_PT, ref tooShort).Error);
        var badFlags = new vfio_device_attach_iommufd_pt { argsz = 16, flags = 2, pt_id = ioas };
        Assert.Equal(Errno.EINVAL, VfioRig.Call(cdev, VFIO_DEVICE_ATTACH_IOMMUFD_PT, ref badFlags).Error);
        var pasidShort = new vfio_device_attach_iommufd_pt { argsz = 12, flags = (uint)VFIO_DEVICE_ATTACH_PASID, pt_id = ioas };
        Assert.Equal(Errno.EINVAL, VfioRig.Call(cdev, VFIO_DEVICE_ATTACH_IOMMUFD_PT, ref pasidShort).Error);
        var pasid = new vfio_device_attach_iommufd_pt { argsz = 16, flags = (uint)VFIO_DEVICE_ATTACH_PASID, pt_id = ioas, pasid = 1 };
        Assert.Equal(Errno.EOPNOTSUPP, VfioRig.Call(cdev, VFIO_DEVICE_ATTACH_IOMMUFD_PT, ref pasid).Error); // edu has no PASID
        Assert.Equal(Errno.ENOENT, IommufdCalls.Attach(cdev, 99).Result.Error);
        Assert.Equal(Errno.EINVAL, IommufdCalls.Attach(cdev, devId).Result.Error); // a device is not a page table

        (SysResult attached, uint ptId) = IommufdCalls.Attach(cdev, ioas);
        Assert.True(attached.IsSuccess, attached.ToString());
        Assert.NotEqual(ioas, ptId); // replaced by the automatic page table's id
        (SysResult again, uint samePt) = IommufdCalls.Attach(cdev, ptId); // the page table itself: already there
        Assert.True(again.IsSuccess);
        Assert.Equal(ptId, samePt);
        Assert.Equal(Errno.EBUSY, IommufdCalls.Destroy(iommufd, ioas).Error); // the page table holds it

        var detachShort = new vfio_device_detach_iommufd_pt { argsz = 7 };
        Assert.Equal(Errno.EINVAL, VfioRig.Call(cdev, VFIO_DEVICE_DETACH_IOMMUFD_PT, ref detachShort).Error);
        var detachFlags = new vfio_device_detach_iommufd_pt { argsz = 12, flags = 2 };
        Assert.Equal(Errno.EINVAL, VfioRig.Call(cdev, VFIO_DEVICE_DETACH_IOMMUFD_PT, ref detachFlags).Error);
        Assert.True(IommufdCalls.Detach(cdev).IsSuccess);
        Assert.True(IommufdCalls.Detach(cdev).IsSuccess); // not attached: nothing to do
        Assert.Equal(Errno.ENOENT, IommufdCalls.Destroy(iommufd, ptId).Error); // the automatic page table went with its device
        Assert.True(IommufdCalls.Destroy(iommufd, ioas).IsSuccess);
        Assert.Equal(Errno.ENOENT, IommufdCalls.Destroy(iommufd, ioas).Error);
    }

    [Fact]
    public void Section6_iommufd_ioas_ranges_follow_the_attached_domain_and_map_unmap_keep_the_kernel_rules()
    {
        using var rig = new VfioRig();
        // 64 KiB aligned, so the address of the third page has a known alignment for the IOVA the kernel picks.
        byte* memory = (byte*)NativeMemory.AlignedAlloc(4 * 4096, 0x10000);
        try
        {
            using UserMemoryRegistration registration = rig.Process.Memory.Register(memory, 4 * 4096);
            using DeviceFile iommufd = DeviceFile.Open(rig.Process, IommufdSubsystem.Path).Value;
            var alloc = new iommu_ioas_alloc { size = (uint)Unsafe.SizeOf<iommu_ioas_alloc>(), flags = 1 };
            Assert.Equal(Errno.EOPNOTSUPP, VfioRig.Call(iommufd, IOMMU_IOAS_ALLOC, ref alloc).Error);
            uint ioas = IommufdCalls.AllocateIoas(iommufd);

            // No domain yet: the whole address space, byte alignment; too little room: -EMSGSIZE with the count.
            var (free, count, alignment, ranges) = IommufdCalls.IovaRanges(iommufd, ioas, 4);
            Assert.True(free.IsSuccess);
            Assert.Equal((1u, 1ul, 0ul, ulong.MaxValue), (count, alignment, ranges[0].start, ranges[0].last));
            // A sub-page area is fine without a domain.
            ulong va = (ulong)memory;
            Assert.True(IommufdCalls.Map(iommufd, ioas, va, 0x800, 0x10000, FixedReadWrite).Result.IsSuccess);

            using DeviceFile cdev = DeviceFile.Open(rig.Process, rig.Device.CdevPath).Value;
            Assert.True(IommufdCalls.Bind(cdev, iommufd.Handle.Fd).Result.IsSuccess);
            Assert.Equal(Errno.EADDRINUSE, IommufdCalls.Attach(cdev, ioas).Result.Error); // the area does not suit 4 KiB pages
            Assert.Equal(0x800ul, IommufdCalls.Unmap(iommufd, ioas, 0x10000, 0x800).Length);
            Assert.True(IommufdCalls.Attach(cdev, ioas).Result.IsSuccess);

            (SysResult small, count, alignment, _) = IommufdCalls.IovaRanges(iommufd, ioas, 0);
            Assert.Equal(Errno.EMSGSIZE, small.Error);
            Assert.Equal((2u, 4096ul), (count, alignment));
            (_, _, _, ranges) = IommufdCalls.IovaRanges(iommufd, ioas, 2);
            Assert.Equal([0ul, 0xfedffffful, 0xfef00000ul, (1ul << 48) - 1], ranges.SelectMany(r => new[] { r.start, r.last }));

            // IOAS_MAP, in iommufd_ioas_map's order, then the io_pagetable's.
            Assert.Equal(Errno.EOPNOTSUPP, IommufdCalls.Map(iommufd, ioas, va, 4096, 0x10000, FixedReadWrite | 8).Result.Error);
            Assert.Equal(Errno.EOVERFLOW, IommufdCalls.Map(iommufd, ioas, va, ulong.MaxValue, 0x10000, FixedReadWrite).Result.Error);
            Assert.Equal(Errno.EINVAL, IommufdCalls.Map(iommufd, ioas, va, 4096, 0x10000, (uint)iommufd_ioas_map_flags.IOMMU_IOAS_MAP_FIXED_IOVA).Result.Error);
            Assert.Equal(Errno.ENOENT, IommufdCalls.Map(iommufd, 99, va, 4096, 0x10000, FixedReadWrite).Result.Error);
            Assert.Equal(Errno.EINVAL, IommufdCalls.Map(iommufd, ioas, va, 0, 0x10000, FixedReadWrite).Result.Error);
            Assert.Equal(Errno.EINVAL, IommufdCalls.Map(iommufd, ioas, va, 0x800, 0x10000, FixedReadWrite).Result.Error); // length unaligned now
            Assert.Equal(Errno.EINVAL, IommufdCalls.Map(iommufd, ioas, va, 4096, 0x10800, FixedReadWrite).Result.Error);
            Assert.Equal(Errno.EINVAL, IommufdCalls.Map(iommufd, ioas, va, 4096, 0xfee00000, FixedReadWrite).Result.Error); // reserved
            Assert.Equal(Errno.EFAULT, IommufdCalls.Map(iommufd, ioas, 0x1000, 4096, 0x10000, FixedReadWrite).Result.Error); // nothing to pin
            Assert.True(IommufdCalls.Map(iommufd, ioas, va, 2 * 4096, 0x10000, FixedReadWrite).Result.IsSuccess);
            Assert.Equal(Errno.EEXIST, IommufdCalls.Map(iommufd, ioas, va, 4096, 0x11000, FixedReadWrite).Result.Error);
            // Without FIXED_IOVA the kernel picks: aligned to the length (at most 2 MiB), from the first page on, clear of areas.
            (SysResult picked, ulong iova) = IommufdCalls.Map(iommufd, ioas, va + (2 * 4096), 2 * 4096, 0, ReadWrite);
            Assert.True(picked.IsSuccess);
            Assert.Equal(0x2000ul, iova);

            // IOAS_UNMAP: a range that cuts an area or holds none is -ENOENT; whole areas go; 0/U64_MAX is everything.
            Assert.Equal(Errno.ENOENT, IommufdCalls.Unmap(iommufd, ioas, 0x10000, 4096).Result.Error);
            Assert.Equal(Errno.ENOENT, IommufdCalls.Unmap(iommufd, ioas, 0x40000, 4096).Result.Error);
            Assert.Equal(Errno.EINVAL, IommufdCalls.Unmap(iommufd, ioas, 0x40000, 0).Result.Error);
            Assert.Equal(2 * 4096ul, IommufdCalls.Unmap(iommufd, ioas, 0x10000, 0x10000).Length);
            Assert.Equal(2 * 4096ul, IommufdCalls.Unmap(iommufd, ioas, 0, ulong.MaxValue).Length);
            (SysResult empty, ulong none) = IommufdCalls.Unmap(iommufd, ioas, 0, ulong.MaxValue);
            Assert.True(empty.IsSuccess); // unmapping everything of an empty IOAS succeeds
            Assert.Equal(0ul, none);
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }

        rig.Process.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Section6_edu_dma_goes_through_the_attached_ioas_and_faults_after_detach_and_counts_return_to_zero()
    {
        const ulong Iova = 0x100000;
        using var rig = new VfioRig();
        byte* memory = (byte*)NativeMemory.AlignedAlloc(8192, 4096);
        try
        {
            using UserMemoryRegistration registration = rig.Process.Memory.Register(memory, 8192);
            var span = new Span<byte>(memory, 8192);
            span.Clear();
            for (int i = 0; i < 64; i++)
            {
                span[i] = (byte)(0xa0 + i);
            }

            using DeviceFile iommufd = DeviceFile.Open(rig.Process, IommufdSubsystem.Path).Value;
            using DeviceFile cdev = DeviceFile.Open(rig.Process, rig.Device.CdevPath).Value;
            Assert.True(IommufdCalls.Bind(cdev, iommufd.Handle.Fd).Result.IsSuccess);
            uint ioas = IommufdCalls.AllocateIoas(iommufd);
            Assert.True(IommufdCalls.Attach(cdev, ioas).Result.IsSuccess);
            Assert.True(IommufdCalls.Map(iommufd, ioas, (ulong)memory, 8192, Iova, FixedReadWrite).Result.IsSuccess);

            VfioRig.EnableBusMaster(cdev);
            using (MappedRegion bar = cdev.Map((nuint)EduDevice.Bar0Length, VfioRig.RegionOffset(VFIO_PCI_BAR0_REGION_INDEX)).Value)
            {
                Dma(bar, Iova, EduDevice.DmaBufferAddress, 64, toMemory: false);
                Dma(bar, EduDevice.DmaBufferAddress, Iova + 4096, 64, toMemory: true);
                Assert.True(span.Slice(4096, 64).SequenceEqual(span[..64]));
                Assert.Empty(rig.Device.IommuFaults);

                // Detached, the device reaches nothing: the IOMMU records the fault.
                Assert.True(IommufdCalls.Detach(cdev).IsSuccess);
                Dma(bar, EduDevice.DmaBufferAddress, Iova + 4096, 64, toMemory: true);
                Assert.Equal(new IommuFault(VfioRig.EduName, Iova + 4096, 64, true), Assert.Single(rig.Device.IommuFaults));
            }
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }

        Assert.Equal(0, rig.Device.OpenCount);
        rig.Process.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    private static void Dma(MappedRegion bar, ulong source, ulong destination, ulong count, bool toMemory) =>
        VfioRig.EduDma(bar, source, destination, count, EduDevice.DmaRun | (toMemory ? EduDevice.DmaToMemory : 0));
}
