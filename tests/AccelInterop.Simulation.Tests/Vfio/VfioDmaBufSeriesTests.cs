using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Vfio;
using AccelInterop.Simulation.Vfio;
using AccelInterop.Simulation.Vfio.Pci;
using static AccelInterop.Simulation.Tests.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Tests.Vfio;

/// <summary>
/// The proposed series (docs/vfio-dmabuf-series.md; v2 of "vfio/pci: Add mmap() for DMABUFs"), an
/// option of the simulated device: dma-buf mmap with a memory attribute, VFIO_DEVICE_PCI_DMABUF_REVOKE,
/// and the primary/subordinate use case across three processes.
/// </summary>
public sealed unsafe class VfioDmaBufSeriesTests
{
    private const uint Get = (uint)VFIO_DEVICE_FEATURE_GET, Set = (uint)VFIO_DEVICE_FEATURE_SET;
    private static readonly VfioPciOptions s_series = new() { DmaBufMmap = true };

    private static SysResult Revoke(DeviceFile device, int dmaBufFd, uint argsz = 8)
    {
        var revoke = new vfio_pci_dmabuf_revoke { argsz = argsz, dmabuf_fd = dmaBufFd };
        return VfioRig.Call(device, VFIO_DEVICE_PCI_DMABUF_REVOKE, ref revoke);
    }

    private static (SysResult Result, uint Old) MemoryAttribute(DeviceFile device, uint flags, int dmaBufFd, uint attribute)
    {
        byte[] payload = new byte[8];
        BitConverter.TryWriteBytes(payload.AsSpan(0), dmaBufFd);
        BitConverter.TryWriteBytes(payload.AsSpan(4), attribute);
        SysResult result = VfioRig.Feature(device, flags | (uint)VFIO_DEVICE_FEATURE_DMA_BUF_MEMATTR, payload);
        return (result, BitConverter.ToUInt32(payload, 4));
    }

    [Fact]
    public void Series_three_processes_a_revoked_range_faults_for_its_holder_and_the_others_keep_working()
    {
        using var rig = new VfioRig(s_series);
        SimulatedProcess second = rig.Kernel.CreateProcess("subordinate A");
        SimulatedProcess third = rig.Kernel.CreateProcess("subordinate B");
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();

        // The primary exports two one-page ranges of BAR0 (the registers page, and a page above it) and passes them on.
        int registers = VfioRig.ExportDmaBuf(device, 0, (0, 4096)).Value;
        int upper = VfioRig.ExportDmaBuf(device, 0, (0x1000, 4096)).Value;
        int inSecond = rig.Process.SendFileDescriptor(registers, second).Value;
        int inThird = rig.Process.SendFileDescriptor(upper, third).Value;

        using DeviceFile secondBuffer = VfioRig.Wrap(second, inSecond);
        using DeviceFile thirdBuffer = VfioRig.Wrap(third, inThird);
        MappedRegion secondView = secondBuffer.Map(4096).Value;
        MappedRegion thirdView = thirdBuffer.Map(4096).Value;
        Assert.Equal(0x010000edu, secondView.ReadUInt32(0)); // reaches edu's registers, and only its range
        secondView.WriteUInt32(0x04, 7);
        Assert.Equal(~7u, secondView.ReadUInt32(0x04));
        Assert.Equal(uint.MaxValue, thirdView.ReadUInt32(0)); // BAR0 + 0x1000: nothing decoded there

        Assert.True(Revoke(device, registers).IsSuccess);
        MappingFaultException fault = Assert.Throws<MappingFaultException>(() => secondView.ReadUInt32(0));
        Assert.Equal(secondView.Address, fault.Address);
        Assert.Throws<MappingFaultException>(() => secondView.WriteUInt32(0x04, 1));
        Assert.Equal(uint.MaxValue, thirdView.ReadUInt32(0)); // the other range keeps working
        Assert.Equal(Errno.ENODEV, secondBuffer.Map(4096).Error); // and the revoked one cannot be mapped again
        Assert.Equal(Errno.EBADFD, Revoke(device, registers).Error);

        secondView.Dispose();
        thirdView.Dispose();
        second.Exit();
        third.Exit();
        device.Dispose();
        group.Dispose();
        container.Dispose();
        rig.Process.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Series_revoke_checks_argsz_the_fd_the_exporter_and_the_device()
    {
        using var rig = new VfioRig(s_series);
        VfioPciDevice otherDevice = rig.Vfio.AddPciDevice(new EduDevice(), "0000:00:05.0", s_series);
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using DeviceFile otherGroup = DeviceFile.Open(rig.Process, otherDevice.Group.Path).Value;
        Assert.True(VfioRig.SetContainer(otherGroup, container.Handle.Fd).IsSuccess);
        using DeviceFile other = VfioRig.Wrap(rig.Process, VfioRig.GetDeviceFd(otherGroup, "0000:00:05.0").Value);
        using DeviceFile memfd = VfioRig.Wrap(rig.Process, rig.Process.MemfdCreate("not a dma-buf").Value);
        using DeviceFile dmaBuf = VfioRig.Wrap(rig.Process, VfioRig.ExportDmaBuf(device, 0, (0, 4096)).Value);

        Assert.Equal(Errno.EINVAL, Revoke(device, dmaBuf.Handle.Fd, argsz: 7).Error);
        Assert.Equal(Errno.EBADF, Revoke(device, 999).Error);
        Assert.Equal(Errno.EINVAL, Revoke(device, memfd.Handle.Fd).Error);
        Assert.Equal(Errno.ENODEV, Revoke(other, dmaBuf.Handle.Fd).Error); // another device's dma-buf
        Assert.True(Revoke(device, dmaBuf.Handle.Fd).IsSuccess);
        Assert.Equal(0, DmaBuf.Get(rig.Process, dmaBuf.Handle.Fd, out DmaBuf? buffer));
        Assert.Equal(VfioDmaBufStatus.PermanentlyRevoked, ((VfioPciDmaBuf)buffer!.Exporter).Status);

        // Permanent: memory decode coming back does not bring it back.
        ushort command = (ushort)VfioRig.ReadRegion32(device, VFIO_PCI_CONFIG_REGION_INDEX, PciConfigSpace.Command);
        VfioRig.WriteCommand(device, (ushort)(command & ~PciConfigSpace.CommandMemory));
        VfioRig.WriteCommand(device, command);
        Assert.Equal(VfioDmaBufStatus.PermanentlyRevoked, ((VfioPciDmaBuf)buffer.Exporter).Status);
        buffer.File.Put();
        device.Dispose();
        group.Dispose();
        container.Dispose();
    }

    [Fact]
    public void Series_memattr_gets_and_sets_nc_or_wc_refuses_others_and_affects_later_mmaps_only()
    {
        using var rig = new VfioRig(s_series);
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        using (DeviceFile dmaBuf = VfioRig.Wrap(rig.Process, VfioRig.ExportDmaBuf(device, 0, (0, 4096)).Value))
        {
            int fd = dmaBuf.Handle.Fd;
            Assert.Equal((SysResult.Success(), 0u), MemoryAttribute(device, Get, fd, 99)); // NC by default
            using (MappedRegion first = dmaBuf.Map(4096).Value)
            {
                Assert.True(MemoryAttribute(device, Set, fd, 1).Result.IsSuccess); // SET alone copies nothing back
                Assert.Equal((SysResult.Success(), 1u), MemoryAttribute(device, Get, fd, 0));
                using MappedRegion second = dmaBuf.Map(4096).Value;
                Assert.Equal(0x010000edu, first.ReadUInt32(0));
            }

            Assert.Equal(524, MemoryAttribute(device, Set, fd, 2).Result.Error.Number); // ENOTSUPP
            Assert.Equal(Errno.EINVAL, MemoryAttribute(device, Get | Set, fd, 0).Result.Error);
            Assert.Equal(Errno.EBADF, MemoryAttribute(device, Get, 999, 0).Result.Error);
            Assert.Equal(0, DmaBuf.Get(rig.Process, fd, out DmaBuf? buffer));
            Assert.Equal([VfioDmaBufMemoryAttribute.NonCached, VfioDmaBufMemoryAttribute.WriteCombining], ((VfioPciDmaBuf)buffer!.Exporter).MappedAttributes);
            buffer.File.Put();
        }

        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }
}
