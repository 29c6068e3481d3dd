using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using AccelInterop.Simulation.Tests.Uapi.Vfio;
using AccelInterop.Simulation.Vfio;
using AccelInterop.Simulation.Vfio.Pci;
using AccelInterop.Simulation.Vgem;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;
using static AccelInterop.Simulation.Tests.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Tests.Vfio;

/// <summary>vfio.md §4 (DEVICE_FEATURE) and §5 (vfio_pci_dmabuf.c: the BAR dma-buf, its importers and its revocation) on Linux 7.2.13 terms.</summary>
public sealed unsafe class VfioDmaBufTests
{
    private const uint Get = (uint)VFIO_DEVICE_FEATURE_GET, Set = (uint)VFIO_DEVICE_FEATURE_SET, Probe = (uint)VFIO_DEVICE_FEATURE_PROBE;

    [Fact]
    public void Section4_feature_checks_argsz_flags_get_with_set_and_unknown_features()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            byte[] tooShort = new byte[8];
            BitConverter.TryWriteBytes(tooShort, 7u);
            Assert.Equal(Errno.EINVAL, device.Ioctl(VFIO_DEVICE_FEATURE.Value, tooShort).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.Feature(device, Get | (1u << 19) | (uint)VFIO_DEVICE_FEATURE_DMA_BUF, new byte[16]).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.Feature(device, Get | Set | (uint)VFIO_DEVICE_FEATURE_DMA_BUF, new byte[16]).Error);
            Assert.Equal(Errno.ENOTTY, VfioRig.Feature(device, Get | 99, new byte[16]).Error);
            Assert.Equal(Errno.ENOTTY, VfioRig.Feature(device, Get | (uint)VFIO_DEVICE_FEATURE_MIGRATION, new byte[16]).Error);
            Assert.Equal(Errno.ENOTTY, VfioRig.Feature(device, Probe | Get | (uint)VFIO_DEVICE_FEATURE_DMA_BUF_MEMATTR, new byte[8]).Error); // not in 7.2.13
        }
    }

    [Fact]
    public void Section5_dma_buf_feature_is_get_only_probe_answers_0_and_the_payload_must_hold_the_struct()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            uint feature = (uint)VFIO_DEVICE_FEATURE_DMA_BUF;
            Assert.Equal(Errno.EINVAL, VfioRig.Feature(device, Set | feature, new byte[16]).Error);
            Assert.Equal(0, VfioRig.Feature(device, Probe | Get | feature, []).Value);
            Assert.Equal(Errno.EINVAL, VfioRig.Feature(device, Probe | Set | feature, []).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.Feature(device, feature, new byte[16]).Error); // neither GET nor SET
            Assert.Equal(Errno.EINVAL, VfioRig.Feature(device, Get | feature, new byte[15]).Error);
            Assert.Equal(0, rig.Kernel.Counts[DmaBuf.DmaBufs]);
        }
    }

    [Fact]
    public void Section5_dma_buf_ranges_are_checked_in_the_kernel_order()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            Assert.Equal(Errno.EINVAL, VfioRig.ExportDmaBuf(device, 0).Error); // no ranges
            Assert.Equal(Errno.EINVAL, VfioRig.ExportDmaBuf(device, 0, 1, 0, (0, 4096)).Error); // flags
            Assert.Equal(Errno.ENODEV, VfioRig.ExportDmaBuf(device, VFIO_PCI_ROM_REGION_INDEX, (0, 4096)).Error);
            Assert.Equal(Errno.ENODEV, VfioRig.ExportDmaBuf(device, 1, (0, 4096)).Error); // an absent BAR
            Assert.Equal(Errno.EINVAL, VfioRig.ExportDmaBuf(device, 0, (0, 0)).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.ExportDmaBuf(device, 0, (100, 4096)).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.ExportDmaBuf(device, 0, (0, 100)).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.ExportDmaBuf(device, 0, (0, 1UL << 63), (0, 1UL << 63)).Error); // the total wraps
            Assert.Equal(Errno.EINVAL, VfioRig.ExportDmaBuf(device, 0, (0, 1UL << 63)).Error); // the SWIOTLB bit
            Assert.Equal(Errno.EOVERFLOW, VfioRig.ExportDmaBuf(device, 0, (0xffff_ffff_ffff_f000, 4096)).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.ExportDmaBuf(device, 0, ((1 << 20) - 4096, 8192)).Error); // past the BAR
            Assert.Equal(0, rig.Kernel.Counts[DmaBuf.DmaBufs]);

            int fd = VfioRig.ExportDmaBuf(device, 0, (0, 4096), (0x40000, 8192)).Value;
            Assert.True(fd >= 0);
            Assert.True(DmaBuf.Get(rig.Process, fd, out DmaBuf? buffer) == 0);
            Assert.Equal(3 * 4096ul, buffer!.Size);
            Assert.Equal(VfioDmaBufStatus.Live, ((VfioPciDmaBuf)buffer.Exporter).Status);
            using DeviceFile wrapped = VfioRig.Wrap(rig.Process, fd);
            Assert.Equal(Errno.EINVAL, wrapped.Map(4096).Error); // 7.2.13 has no dma-buf mmap
            buffer.File.Put();
        }

        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Section5_importers_must_be_peer_to_peer_and_revocable_so_vgem_cannot_import()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using DeviceFile dmaBuf = VfioRig.Wrap(rig.Process, VfioRig.ExportDmaBuf(device, 0, (0, 4096)).Value);
        Assert.Equal(0, DmaBuf.Get(rig.Process, dmaBuf.Handle.Fd, out DmaBuf? buffer));
        Assert.Equal(-Errno.EOPNOTSUPP, buffer!.Attach("not p2p", new PeerToPeerImporter(peerToPeer: false), out _));
        Assert.Equal(-Errno.EOPNOTSUPP, buffer.Attach("pinned", importer: null, out _));
        Assert.Equal(0, buffer.Attach("p2p", new PeerToPeerImporter(), out DmaBufAttachment? attachment));
        Assert.Equal(0, buffer.MapAttachment(attachment!, out _));
        buffer.Detach(attachment!);
        buffer.File.Put();

        VgemDriver vgem = VgemDriver.CreateDevice(rig.Kernel);
        using (DeviceFile card = DeviceFile.Open(rig.Process, vgem.Device.NodePath).Value)
        {
            var prime = new drm_prime_handle { fd = dmaBuf.Handle.Fd };
            Assert.Equal(Errno.EOPNOTSUPP, card.Ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime).Error);
        }

        device.Dispose();
        group.Dispose();
        container.Dispose();
    }

    [Fact]
    public void Section5_memory_decode_off_revokes_and_on_restores_and_a_buffer_made_while_off_is_born_revoked()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using DeviceFile dmaBuf = VfioRig.Wrap(rig.Process, VfioRig.ExportDmaBuf(device, 0, (0, 4096)).Value);
        Assert.Equal(0, DmaBuf.Get(rig.Process, dmaBuf.Handle.Fd, out DmaBuf? buffer));
        var exporter = (VfioPciDmaBuf)buffer!.Exporter;
        var importer = new PeerToPeerImporter();
        Assert.Equal(0, buffer.Attach("p2p", importer, out DmaBufAttachment? attachment));
        Assert.Equal(0, buffer.MapAttachment(attachment!, out _));

        ushort command = (ushort)VfioRig.ReadRegion32(device, VFIO_PCI_CONFIG_REGION_INDEX, PciConfigSpace.Command);
        VfioRig.WriteCommand(device, (ushort)(command & ~PciConfigSpace.CommandMemory));
        Assert.Equal(VfioDmaBufStatus.TemporarilyRevoked, exporter.Status);
        Assert.Equal(1, importer.Invalidations);
        Assert.False(attachment!.IsMapped);
        Assert.Equal(-Errno.ENODEV, buffer.MapAttachment(attachment, out _));
        Assert.Equal(-Errno.ENODEV, buffer.Attach("late", new PeerToPeerImporter(), out _));

        using (DeviceFile born = VfioRig.Wrap(rig.Process, VfioRig.ExportDmaBuf(device, 0, (4096, 4096)).Value))
        {
            Assert.Equal(0, DmaBuf.Get(rig.Process, born.Handle.Fd, out DmaBuf? bornBuffer));
            Assert.Equal(VfioDmaBufStatus.TemporarilyRevoked, ((VfioPciDmaBuf)bornBuffer!.Exporter).Status);
            bornBuffer.File.Put();
        }

        VfioRig.WriteCommand(device, command);
        Assert.Equal(VfioDmaBufStatus.Live, exporter.Status);
        Assert.Equal(2, importer.Invalidations); // importers hear of the way back too
        Assert.Equal(0, buffer.MapAttachment(attachment, out _));
        buffer.Detach(attachment);
        buffer.File.Put();
        device.Dispose();
        group.Dispose();
        container.Dispose();
    }

    [Fact]
    public void Section5_low_power_entry_revokes_exit_restores_and_a_second_entry_is_refused()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        using (DeviceFile dmaBuf = VfioRig.Wrap(rig.Process, VfioRig.ExportDmaBuf(device, 0, (0, 4096)).Value))
        using (MappedRegion bar = device.Map(4096, VfioRig.RegionOffset(0)).Value)
        {
            Assert.Equal(0, DmaBuf.Get(rig.Process, dmaBuf.Handle.Fd, out DmaBuf? buffer));
            var exporter = (VfioPciDmaBuf)buffer!.Exporter;
            buffer.File.Put();
            Assert.Equal(Errno.EINVAL, VfioRig.Feature(device, Get | (uint)VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY, []).Error); // SET only
            Assert.True(VfioRig.Feature(device, Set | (uint)VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY, []).IsSuccess);
            Assert.Equal(VfioDmaBufStatus.TemporarilyRevoked, exporter.Status);
            Assert.Throws<MappingFaultException>(() => bar.ReadUInt32(0));
            Assert.Equal(Errno.EINVAL, VfioRig.Feature(device, Set | (uint)VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY, []).Error);
            Assert.True(VfioRig.Feature(device, Set | (uint)VFIO_DEVICE_FEATURE_LOW_POWER_EXIT, []).IsSuccess);
            Assert.Equal(VfioDmaBufStatus.Live, exporter.Status);
            Assert.Equal(0x010000edu, bar.ReadUInt32(0));
        }

        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Section5_device_close_revokes_for_good_and_the_dma_buf_stays_an_fd_until_closed()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        DeviceFile dmaBuf = VfioRig.Wrap(rig.Process, VfioRig.ExportDmaBuf(device, 0, (0, 4096)).Value);
        device.Dispose();
        group.Dispose();
        container.Dispose();

        Assert.Equal(0, DmaBuf.Get(rig.Process, dmaBuf.Handle.Fd, out DmaBuf? buffer));
        var exporter = (VfioPciDmaBuf)buffer!.Exporter;
        Assert.Equal(VfioDmaBufStatus.PermanentlyRevoked, exporter.Status);
        Assert.Null(exporter.Device);
        Assert.Equal(-Errno.EOPNOTSUPP, buffer.Attach("not p2p", new PeerToPeerImporter(peerToPeer: false), out _));
        Assert.Equal(-Errno.ENODEV, buffer.Attach("p2p", new PeerToPeerImporter(), out _));
        buffer.File.Put();
        Assert.Equal(1, rig.Kernel.Counts[DmaBuf.DmaBufs]);
        dmaBuf.Dispose();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Section4_reset_of_a_function_that_has_one_revokes_around_it_and_a_second_model_needs_nothing_new()
    {
        using var rig = new VfioRig();
        var model = new ResettableTestDevice();
        VfioPciDevice resettable = rig.Vfio.AddPciDevice(model, "0000:00:06.0");
        using DeviceFile container = DeviceFile.Open(rig.Process, VfioSubsystem.ContainerPath).Value;
        using DeviceFile group = DeviceFile.Open(rig.Process, resettable.Group.Path).Value;
        Assert.True(VfioRig.SetContainer(group, container.Handle.Fd).IsSuccess);
        Assert.True(container.Ioctl(VFIO_SET_IOMMU.Value, (void*)(nint)VFIO_TYPE1v2_IOMMU).IsSuccess);
        using (DeviceFile device = VfioRig.Wrap(rig.Process, VfioRig.GetDeviceFd(group, "0000:00:06.0").Value))
        using (DeviceFile dmaBuf = VfioRig.Wrap(rig.Process, VfioRig.ExportDmaBuf(device, 0, (0, 4096)).Value))
        {
            var info = new vfio_device_info { argsz = 24 };
            Assert.True(VfioRig.Call(device, VFIO_DEVICE_GET_INFO, ref info).IsSuccess);
            Assert.Equal((uint)(VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET), info.flags);
            VfioRig.WriteRegion64(device, VFIO_PCI_BAR0_REGION_INDEX, 8, 0x1234);

            Assert.Equal(0, DmaBuf.Get(rig.Process, dmaBuf.Handle.Fd, out DmaBuf? buffer));
            var importer = new PeerToPeerImporter();
            Assert.Equal(0, buffer!.Attach("p2p", importer, out DmaBufAttachment? attachment));
            Assert.True(device.Ioctl(VFIO_DEVICE_RESET).IsSuccess);
            Assert.Equal(1, model.Resets);
            Assert.Equal(2, importer.Invalidations); // revoked, then back because memory decode is on
            Assert.Equal(VfioDmaBufStatus.Live, ((VfioPciDmaBuf)buffer.Exporter).Status);
            byte[] register = new byte[8];
            Assert.Equal(8, device.ReadAt(register, VfioRig.RegionOffset(0) + 8).Value);
            Assert.Equal(0ul, BitConverter.ToUInt64(register));
            buffer.Detach(attachment!);
            buffer.File.Put();
        }
    }
}
