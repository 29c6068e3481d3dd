using System.Runtime.CompilerServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Iommufd;
using AccelInterop.Simulation.Tests.Uapi.Vfio;
using AccelInterop.Simulation.Vfio.Pci;
using static AccelInterop.Simulation.Tests.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Tests.Vfio;

/// <summary>
/// vfio.md §4, the vfio-pci requests past RESET: GET_PCI_HOT_RESET_INFO and PCI_HOT_RESET
/// (vfio_pci_core.c) for edu alone on the root bus and alone behind a bridge, and IOEVENTFD
/// (vfio_pci_rdwr.c:vfio_pci_ioeventfd).
/// </summary>
public sealed class VfioHotResetAndIoeventfdTests
{
    private const string BehindBridge = "0000:01:00.0";

    private static SysResult Info(DeviceFile device, uint argsz, out uint count, out uint flags, out byte[] dependent)
    {
        byte[] buffer = new byte[Math.Max(argsz, 12)];
        BitConverter.TryWriteBytes(buffer.AsSpan(0), argsz);
        SysResult result = device.Ioctl(VFIO_DEVICE_GET_PCI_HOT_RESET_INFO.Value, buffer);
        flags = BitConverter.ToUInt32(buffer, 4);
        count = BitConverter.ToUInt32(buffer, 8);
        dependent = buffer[12..];
        return result;
    }

    private static SysResult HotReset(DeviceFile device, uint flags, params int[] groupFds)
    {
        byte[] buffer = new byte[12 + (4 * groupFds.Length)];
        BitConverter.TryWriteBytes(buffer.AsSpan(0), (uint)buffer.Length);
        BitConverter.TryWriteBytes(buffer.AsSpan(4), flags);
        BitConverter.TryWriteBytes(buffer.AsSpan(8), (uint)groupFds.Length);
        for (int i = 0; i < groupFds.Length; i++)
        {
            BitConverter.TryWriteBytes(buffer.AsSpan(12 + (4 * i)), groupFds[i]);
        }

        return device.Ioctl(VFIO_DEVICE_PCI_HOT_RESET.Value, buffer);
    }

    [Fact]
    public void Section4_hot_reset_on_the_root_bus_is_ENODEV_after_the_argument_checks()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            Assert.Equal(Errno.EINVAL, Info(device, 11, out _, out _, out _).Error);
            Assert.Equal(Errno.ENODEV, Info(device, 64, out _, out _, out _).Error); // pci_probe_reset_bus: no bridge above bus 0
            Assert.Equal(Errno.EINVAL, HotReset(device, 1, group.Handle.Fd).Error);
            Assert.Equal(Errno.EINVAL, HotReset(device, 0).Error); // the group path names its groups
            Assert.Equal(Errno.ENODEV, HotReset(device, 0, group.Handle.Fd).Error);
        }
    }

    [Fact]
    public void Section4_hot_reset_behind_a_bridge_reports_the_one_dependent_device_and_needs_its_group()
    {
        using var rig = new VfioRig(name: BehindBridge);
        var other = rig.Vfio.AddPciDevice(new EduDevice(), "0000:02:00.0");
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        using (DeviceFile otherGroup = DeviceFile.Open(rig.Process, other.Group.Path).Value)
        using (DeviceFile notGroup = DeviceFile.Open(rig.Process, "/dev/null").Value)
        {
            Assert.Equal(Errno.ENOSPC, Info(device, 12, out uint needed, out _, out _).Error);
            Assert.Equal(1u, needed);
            Assert.True(Info(device, 20, out uint count, out uint flags, out byte[] dependent).IsSuccess);
            Assert.Equal((1u, 0u), (count, flags));
            Assert.Equal((uint)rig.Device.Group.Id, BitConverter.ToUInt32(dependent, 0)); // group_id
            Assert.Equal((0, (byte)1, (byte)0), (BitConverter.ToUInt16(dependent, 4), dependent[6], dependent[7])); // segment, bus, devfn

            Assert.Equal(Errno.EINVAL, HotReset(device, 0, group.Handle.Fd, group.Handle.Fd).Error); // more fds than devices
            Assert.Equal(Errno.EBADF, HotReset(device, 0, 999).Error);
            Assert.Equal(Errno.EINVAL, HotReset(device, 0, notGroup.Handle.Fd).Error);
            Assert.Equal(Errno.EINVAL, HotReset(device, 0, otherGroup.Handle.Fd).Error); // the device's group is not among them

            // The reset revokes the device's dma-bufs and, memory decode being on, restores them.
            using DeviceFile dmaBuf = VfioRig.Wrap(rig.Process, VfioRig.ExportDmaBuf(device, VFIO_PCI_BAR0_REGION_INDEX, (0, 4096)).Value);
            Assert.True(HotReset(device, 0, group.Handle.Fd).IsSuccess);
            Assert.Equal(1, rig.Device.DmaBufCount);
        }
    }

    [Fact]
    public void Section4_hot_reset_through_the_cdev_reports_the_devid_and_takes_no_group_fds()
    {
        using var rig = new VfioRig(name: BehindBridge);
        using DeviceFile iommufd = DeviceFile.Open(rig.Process, IommufdSubsystem.Path).Value;
        using DeviceFile cdev = DeviceFile.Open(rig.Process, rig.Device.CdevPath).Value;
        uint devId = IommufdCalls.Bind(cdev, iommufd.Handle.Fd).DevId;
        Assert.True(Info(cdev, 20, out uint count, out uint flags, out byte[] dependent).IsSuccess);
        Assert.Equal((uint)(VFIO_PCI_HOT_RESET_FLAG_DEV_ID | VFIO_PCI_HOT_RESET_FLAG_DEV_ID_OWNED), flags);
        Assert.Equal((1u, devId), (count, BitConverter.ToUInt32(dependent, 0)));
        Assert.Equal(Errno.EINVAL, HotReset(cdev, 0, 3).Error);
        Assert.True(HotReset(cdev, 0).IsSuccess);
    }

    [Fact]
    public void Section4_ioeventfd_checks_flags_size_bar_and_fd_then_writes_edu_register_on_each_signal_until_deassigned()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        using (DeviceFile eventFd = DeviceFile.CreateEventFd(rig.Process).Value)
        using (DeviceFile notEventFd = DeviceFile.Open(rig.Process, "/dev/null").Value)
        {
            long liveness = VfioRig.RegionOffset(VFIO_PCI_BAR0_REGION_INDEX) + 0x04;
            int fd = eventFd.Handle.Fd;
            Assert.Equal(Errno.EINVAL, VfioRig.Ioeventfd(device, 4, liveness, 0x1234, fd, argsz: 27).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.Ioeventfd(device, 0x14, liveness, 0x1234, fd).Error); // a bit outside the sizes
            Assert.Equal(Errno.EINVAL, VfioRig.Ioeventfd(device, 6, liveness, 0x1234, fd).Error); // two sizes
            Assert.Equal(Errno.EINVAL, VfioRig.Ioeventfd(device, 4, liveness, 0x1234, -2).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.Ioeventfd(device, 4, VfioRig.RegionOffset(VFIO_PCI_CONFIG_REGION_INDEX), 0x1234, fd).Error); // BARs only
            Assert.Equal(Errno.EINVAL, VfioRig.Ioeventfd(device, 4, VfioRig.RegionOffset(VFIO_PCI_BAR0_REGION_INDEX) + (long)EduDevice.Bar0Length - 2, 1, fd).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.Ioeventfd(device, 4, VfioRig.RegionOffset(VFIO_PCI_BAR1_REGION_INDEX), 1, fd).Error); // absent BAR
            Assert.Equal(Errno.EINVAL, VfioRig.Ioeventfd(device, 8, liveness, 0x1234, fd).Error); // 8 bytes: refused in 7.2.13
            Assert.Equal(Errno.ENODEV, VfioRig.Ioeventfd(device, 4, liveness, 0x1234, -1).Error); // nothing to de-assign
            Assert.Equal(Errno.EBADF, VfioRig.Ioeventfd(device, 4, liveness, 0x1234, 999).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.Ioeventfd(device, 4, liveness, 0x1234, notEventFd.Handle.Fd).Error);

            Assert.True(VfioRig.Ioeventfd(device, 4, liveness, 0x1234, fd).IsSuccess);
            Assert.Equal(Errno.EEXIST, VfioRig.Ioeventfd(device, 4, liveness, 0x1234, fd).Error);
            eventFd.Write(BitConverter.GetBytes(1ul)).ThrowIfError("eventfd write");
            Assert.Equal(~0x1234u, VfioRig.ReadRegion32(device, VFIO_PCI_BAR0_REGION_INDEX, 0x04)); // the write reached edu
            Assert.Equal(0ul, VfioRig.TakeEvents(eventFd)); // virqfd consumed the count

            // With memory decode off the handler writes nothing.
            ushort command = BitConverter.ToUInt16(ReadConfig(device, PciConfigSpace.Command, 2));
            VfioRig.WriteRegion32(device, VFIO_PCI_BAR0_REGION_INDEX, 0x04, 0x5555);
            VfioRig.WriteCommand(device, (ushort)(command & ~PciConfigSpace.CommandMemory));
            eventFd.Write(BitConverter.GetBytes(1ul)).ThrowIfError("eventfd write");
            VfioRig.WriteCommand(device, command);
            Assert.Equal(~0x5555u, VfioRig.ReadRegion32(device, VFIO_PCI_BAR0_REGION_INDEX, 0x04));

            Assert.True(VfioRig.Ioeventfd(device, 4, liveness, 0x1234, -1).IsSuccess);
            Assert.Equal(Errno.ENODEV, VfioRig.Ioeventfd(device, 4, liveness, 0x1234, -1).Error);
            eventFd.Write(BitConverter.GetBytes(1ul)).ThrowIfError("eventfd write");
            Assert.Equal(~0x5555u, VfioRig.ReadRegion32(device, VFIO_PCI_BAR0_REGION_INDEX, 0x04));
            Assert.Equal(1ul, VfioRig.TakeEvents(eventFd)); // no consumer any more

            // VFIO_PCI_IOEVENTFD_MAX per device.
            for (ulong data = 0; data < 1000; data++)
            {
                Assert.True(VfioRig.Ioeventfd(device, 4, liveness, data, fd).IsSuccess);
            }

            Assert.Equal(Errno.ENOSPC, VfioRig.Ioeventfd(device, 4, liveness, 1000, fd).Error);
        }

        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    private static byte[] ReadConfig(DeviceFile device, int offset, int length)
    {
        byte[] value = new byte[length];
        device.ReadAt(value, VfioRig.RegionOffset(VFIO_PCI_CONFIG_REGION_INDEX) + offset).ThrowIfError("pread config");
        return value;
    }
}
