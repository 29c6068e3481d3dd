using System.Runtime.CompilerServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Tests.Uapi.Vfio;
using AccelInterop.Simulation.Vfio.Pci;
using static AccelInterop.Simulation.Tests.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Tests.Vfio;

/// <summary>vfio.md §4: the device file (vfio_main.c, vfio_pci_core.c, vfio_pci_config.c, vfio_pci_rdwr.c, vfio_pci_intrs.c) on edu.</summary>
public sealed unsafe class VfioDeviceTests
{
    [Fact]
    public void Section4_get_info_says_pci_without_reset_nine_regions_five_irqs()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            var info = new vfio_device_info { argsz = (uint)Unsafe.SizeOf<vfio_device_info>() };
            Assert.True(VfioRig.Call(device, VFIO_DEVICE_GET_INFO, ref info).IsSuccess);
            Assert.Equal((uint)VFIO_DEVICE_FLAGS_PCI, info.flags); // edu has no function reset
            Assert.Equal(VFIO_PCI_NUM_REGIONS, info.num_regions);
            Assert.Equal(VFIO_PCI_NUM_IRQS, info.num_irqs);
            var shortInfo = new vfio_device_info { argsz = 15 };
            Assert.Equal(Errno.EINVAL, VfioRig.Call(device, VFIO_DEVICE_GET_INFO, ref shortInfo).Error);
            Assert.Equal(Errno.EINVAL, device.Ioctl(VFIO_DEVICE_RESET).Error); // as edu answers on the real kernel
            Assert.Equal(Errno.ENOTTY, device.Ioctl(VFIO_DEVICE_PCI_DMABUF_REVOKE).Error); // not in 7.2.13
        }
    }

    [Theory]
    [InlineData(0u, 1ul << 20, 7u)] // BAR0: READ | WRITE | MMAP
    [InlineData(1u, 0ul, 0u)] // an absent BAR: size 0, flags 0
    [InlineData(6u, 0ul, 0u)] // no ROM
    [InlineData(7u, 256ul, 3u)] // config: READ | WRITE, the conventional 256 bytes
    public void Section4_region_info_gives_size_flags_and_the_index_shifted_by_40(uint index, ulong size, uint flags)
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            var info = new vfio_region_info { argsz = (uint)Unsafe.SizeOf<vfio_region_info>(), index = index };
            Assert.True(VfioRig.Call(device, VFIO_DEVICE_GET_REGION_INFO, ref info).IsSuccess);
            Assert.Equal((size, flags, (ulong)index << 40), (info.size, info.flags, info.offset));
        }
    }

    [Fact]
    public void Section4_region_info_refuses_a_short_argsz_vga_and_indexes_past_the_regions()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            var info = new vfio_region_info { argsz = 31, index = 0 };
            Assert.Equal(Errno.EINVAL, VfioRig.Call(device, VFIO_DEVICE_GET_REGION_INFO, ref info).Error);
            info = new vfio_region_info { argsz = 32, index = VFIO_PCI_VGA_REGION_INDEX };
            Assert.Equal(Errno.EINVAL, VfioRig.Call(device, VFIO_DEVICE_GET_REGION_INFO, ref info).Error);
            info = new vfio_region_info { argsz = 32, index = 9 };
            Assert.Equal(Errno.EINVAL, VfioRig.Call(device, VFIO_DEVICE_GET_REGION_INFO, ref info).Error);
        }
    }

    [Fact]
    public void Section4_irq_info_flags_and_counts_and_err_is_refused_on_conventional_pci()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            (uint Flags, uint Count) Info(uint index)
            {
                var info = new vfio_irq_info { argsz = 16, index = index };
                VfioRig.Call(device, VFIO_DEVICE_GET_IRQ_INFO, ref info).ThrowIfError("VFIO_DEVICE_GET_IRQ_INFO");
                return (info.flags, info.count);
            }

            Assert.Equal((7u, 1u), Info(VFIO_PCI_INTX_IRQ_INDEX)); // EVENTFD | MASKABLE | AUTOMASKED
            Assert.Equal((9u, 1u), Info(VFIO_PCI_MSI_IRQ_INDEX)); // EVENTFD | NORESIZE, edu's one vector
            Assert.Equal((9u, 0u), Info(VFIO_PCI_MSIX_IRQ_INDEX));
            Assert.Equal((9u, 1u), Info(VFIO_PCI_REQ_IRQ_INDEX));
            var err = new vfio_irq_info { argsz = 16, index = VFIO_PCI_ERR_IRQ_INDEX };
            Assert.Equal(Errno.EINVAL, VfioRig.Call(device, VFIO_DEVICE_GET_IRQ_INFO, ref err).Error);
            var past = new vfio_irq_info { argsz = 16, index = 5 };
            Assert.Equal(Errno.EINVAL, VfioRig.Call(device, VFIO_DEVICE_GET_IRQ_INFO, ref past).Error);
            var shortInfo = new vfio_irq_info { argsz = 15 };
            Assert.Equal(Errno.EINVAL, VfioRig.Call(device, VFIO_DEVICE_GET_IRQ_INFO, ref shortInfo).Error);
        }
    }

    [Fact]
    public void Section4_set_irqs_validates_then_keeps_one_interrupt_kind_at_a_time()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using DeviceFile eventFd = DeviceFile.CreateEventFd(rig.Process).Value;
        using (container)
        using (group)
        using (device)
        {
            uint trigger = (uint)(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER);
            byte[] shortSet = new byte[20];
            BitConverter.TryWriteBytes(shortSet, 19u);
            Assert.Equal(Errno.EINVAL, device.Ioctl(VFIO_DEVICE_SET_IRQS.Value, shortSet).Error); // argsz < 20
            Assert.Equal(Errno.EINVAL, VfioRig.SetIrqs(device, trigger, 5, 0, 1).Error); // index
            Assert.Equal(Errno.EINVAL, VfioRig.SetIrqs(device, trigger | 0x40, 0, 0, 1).Error); // unknown flag
            Assert.Equal(Errno.EINVAL, VfioRig.SetIrqs(device, trigger, VFIO_PCI_INTX_IRQ_INDEX, 1, 1).Error); // start past the count
            Assert.Equal(Errno.EINVAL, VfioRig.SetIrqs(device, trigger, VFIO_PCI_MSIX_IRQ_INDEX, 0, 0).Error); // edu has no MSI-X
            Assert.Equal(Errno.EINVAL, VfioRig.SetIrqs(device, (uint)(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_DATA_BOOL | VFIO_IRQ_SET_ACTION_TRIGGER), 0, 0, 1).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.SetIrqs(device, (uint)(VFIO_IRQ_SET_DATA_BOOL | VFIO_IRQ_SET_ACTION_TRIGGER), 0, 0, 1).Error); // no bool byte
            Assert.Equal(Errno.EINVAL, VfioRig.SetIrqs(device, trigger, VFIO_PCI_INTX_IRQ_INDEX, 0, 1).Error); // INTx not enabled
            Assert.Equal(Errno.ENOTTY, VfioRig.SetIrqs(device, (uint)(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_MASK), VFIO_PCI_MSI_IRQ_INDEX, 0, 1).Error);
            Assert.Equal(Errno.EBADF, VfioRig.SetIrqEventFds(device, VFIO_PCI_INTX_IRQ_INDEX, 0, 999).Error);
            Assert.Equal(Errno.EINVAL, VfioRig.SetIrqEventFds(device, VFIO_PCI_INTX_IRQ_INDEX, 0, device.Handle.Fd).Error); // not an eventfd

            Assert.True(VfioRig.SetIrqEventFds(device, VFIO_PCI_INTX_IRQ_INDEX, 0, eventFd.Handle.Fd).IsSuccess);
            Assert.Equal(Errno.EINVAL, VfioRig.SetIrqEventFds(device, VFIO_PCI_MSI_IRQ_INDEX, 0, eventFd.Handle.Fd).Error); // INTx is on
            Assert.True(VfioRig.SetIrqs(device, trigger, VFIO_PCI_INTX_IRQ_INDEX, 0, 1).IsSuccess); // a loopback trigger
            Assert.Equal(1ul, VfioRig.TakeEvents(eventFd));
            Assert.True(VfioRig.SetIrqs(device, trigger, VFIO_PCI_INTX_IRQ_INDEX, 0, 0).IsSuccess); // count 0 + NONE: off
            Assert.True(VfioRig.SetIrqEventFds(device, VFIO_PCI_MSI_IRQ_INDEX, 0, eventFd.Handle.Fd).IsSuccess);
            Assert.True(VfioRig.SetIrqs(device, (uint)(VFIO_IRQ_SET_DATA_BOOL | VFIO_IRQ_SET_ACTION_TRIGGER), VFIO_PCI_MSI_IRQ_INDEX, 0, 1, 1).IsSuccess);
            Assert.Equal(1ul, VfioRig.TakeEvents(eventFd));
        }
    }

    [Fact]
    public void Section4_region_access_checks_the_index_the_bar_end_and_config_bounds()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            byte[] four = new byte[4];
            Assert.Equal(Errno.EINVAL, device.ReadAt(four, VfioRig.RegionOffset(9)).Error);
            Assert.Equal(Errno.EINVAL, device.ReadAt(four, VfioRig.RegionOffset(1)).Error); // an absent BAR
            Assert.Equal(Errno.EINVAL, device.ReadAt(four, VfioRig.RegionOffset(0) + (1 << 20)).Error); // past BAR0
            Assert.Equal(2, device.ReadAt(four, VfioRig.RegionOffset(0) + (1 << 20) - 2).Value); // cut at the BAR end
            Assert.Equal(Errno.EFAULT, device.ReadAt(four, VfioRig.RegionOffset(VFIO_PCI_CONFIG_REGION_INDEX) + 254).Error);
            Assert.Equal(Errno.EINVAL, device.ReadAt(four, -1).Error);
            Assert.Equal(0, device.ReadAt([], VfioRig.RegionOffset(0)).Value);
        }
    }

    [Fact]
    public void Section4_clearing_command_memory_blocks_region_access_and_faults_mappings_until_it_is_set_again()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        using (MappedRegion bar = device.Map((nuint)EduDevice.Bar0Length, VfioRig.RegionOffset(VFIO_PCI_BAR0_REGION_INDEX)).Value)
        {
            ushort command = (ushort)VfioRig.ReadRegion32(device, VFIO_PCI_CONFIG_REGION_INDEX, PciConfigSpace.Command);
            VfioRig.WriteCommand(device, (ushort)(command & ~PciConfigSpace.CommandMemory));
            Assert.Equal(Errno.EIO, device.ReadAt(new byte[4], VfioRig.RegionOffset(0)).Error);
            MappingFaultException fault = Assert.Throws<MappingFaultException>(() => bar.ReadUInt32(0));
            Assert.Equal(bar.Address, fault.Address);

            VfioRig.WriteCommand(device, command);
            Assert.Equal(0x010000edu, bar.ReadUInt32(0));
            Assert.Equal(0x010000edu, VfioRig.ReadRegion32(device, VFIO_PCI_BAR0_REGION_INDEX, 0));
        }

        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Section4_mmap_takes_mmappable_bars_only_and_requests_inside_them()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            Assert.Equal(Errno.EINVAL, device.Map(4096, VfioRig.RegionOffset(VFIO_PCI_CONFIG_REGION_INDEX)).Error);
            Assert.Equal(Errno.EINVAL, device.Map(4096, VfioRig.RegionOffset(1)).Error);
            Assert.Equal(Errno.EINVAL, device.Map((1 << 20) + 4096, VfioRig.RegionOffset(0)).Error);
            using MappedRegion tail = device.Map(4096, VfioRig.RegionOffset(0) + (1 << 20) - 4096).Value;
            Assert.Equal(uint.MaxValue, tail.ReadUInt32(0)); // nothing decoded up there
        }
    }
}
