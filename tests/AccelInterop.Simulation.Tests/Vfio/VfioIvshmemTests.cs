using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Vfio;
using AccelInterop.Simulation.Vfio;
using AccelInterop.Simulation.Vfio.Pci;
using static AccelInterop.Simulation.Tests.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Tests.Vfio;

/// <summary>
/// vfio.md §4 on a second device type, QEMU's ivshmem-doorbell (an MSI-X BAR, a 64-bit prefetchable
/// BAR, an expansion ROM), bound to the same vfio-pci code as edu: the region-info capability chain
/// and its argsz protocol, the MSI-X table kept out of region access, MSI-X interrupts, and the ROM.
/// </summary>
public sealed class VfioIvshmemTests
{
    private const uint Read = 1, Write = 2, Mmap = 4, Caps = 8;

    private static readonly int RegionInfoSize = Unsafe.SizeOf<vfio_region_info>();

    [Fact]
    public void Section4_config_space_names_ivshmem_and_bar_sizing_reads_the_masks_with_the_64_bit_prefetchable_type()
    {
        using var rig = new VfioRig(model: new IvshmemDoorbellDevice(expansionRom: RomImage(imageBlocks: 2, fileLength: 1500)));
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            Assert.Equal(0x1110_1af4u, VfioRig.ReadRegion32(device, VFIO_PCI_CONFIG_REGION_INDEX, PciConfigSpace.VendorId));
            Assert.Equal(0x0500u, VfioRig.ReadRegion32(device, VFIO_PCI_CONFIG_REGION_INDEX, PciConfigSpace.Revision) >> 16);
            uint Size(int register)
            {
                VfioRig.WriteRegion32(device, VFIO_PCI_CONFIG_REGION_INDEX, register, uint.MaxValue);
                return VfioRig.ReadRegion32(device, VFIO_PCI_CONFIG_REGION_INDEX, register);
            }

            Assert.Equal(~(uint)(IvshmemDoorbellDevice.RegisterBarLength - 1), Size(PciConfigSpace.Bar0));
            Assert.Equal(~(uint)(IvshmemDoorbellDevice.MsixBarLength - 1), Size(PciConfigSpace.Bar0 + 4));
            Assert.Equal(~((1u << 20) - 1) | PciConfigSpace.BarMemory64 | PciConfigSpace.BarPrefetchable, Size(PciConfigSpace.Bar0 + 8));
            Assert.Equal(uint.MaxValue, Size(PciConfigSpace.Bar0 + 12)); // the upper half of a 1 MiB 64-bit BAR
            Assert.Equal(0u, Size(PciConfigSpace.Bar0 + 16));
            Assert.Equal(~2047u | PciConfigSpace.ExpansionRomEnable, Size(PciConfigSpace.ExpansionRom)); // 1500 bytes: a 2 KiB window
        }
    }

    [Fact]
    public void Section4_region_info_of_the_msix_bar_adds_msix_mappable_and_a_short_argsz_gets_the_needed_size_and_cap_offset_0()
    {
        using var rig = new VfioRig(model: new IvshmemDoorbellDevice());
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            // Room for the struct only: success, CAPS set, argsz raised to struct + the 8-byte header, no chain.
            (SysResult result, vfio_region_info info, _) = VfioRig.RegionInfo(device, IvshmemDoorbellDevice.MsixBar);
            Assert.True(result.IsSuccess);
            Assert.Equal((Read | Write | Mmap | Caps, (uint)RegionInfoSize + 8, 0u), (info.flags, info.argsz, info.cap_offset));
            Assert.Equal(IvshmemDoorbellDevice.MsixBarLength, info.size);

            // With room: the chain follows the struct, one MSIX_MAPPABLE header, version 1, the end of the chain.
            (result, info, byte[] buffer) = VfioRig.RegionInfo(device, IvshmemDoorbellDevice.MsixBar, info.argsz);
            Assert.True(result.IsSuccess);
            Assert.Equal((uint)RegionInfoSize, info.cap_offset);
            var header = MemoryMarshal.Read<vfio_info_cap_header>(buffer.AsSpan((int)info.cap_offset));
            Assert.Equal(((ushort)VFIO_REGION_INFO_CAP_MSIX_MAPPABLE, (ushort)1, 0u), (header.id, header.version, header.next));

            // The other BARs have no chain: BAR0 is too small to mmap, BAR2 maps, BAR3 is BAR2's upper half.
            Assert.Equal((Read | Write, 256ul, 0u), Describe(device, IvshmemDoorbellDevice.RegisterBar));
            Assert.Equal((Read | Write | Mmap, 1ul << 20, 0u), Describe(device, IvshmemDoorbellDevice.SharedMemoryBar));
            Assert.Equal((0u, 0ul, 0u), Describe(device, 3));
        }
    }

    [Fact]
    public void Section4_region_access_reads_the_msix_table_as_ones_and_drops_writes_there_but_reaches_the_pba_and_mmap_takes_the_whole_bar()
    {
        using var rig = new VfioRig(model: new IvshmemDoorbellDevice(vectors: 4));
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            long bar1 = VfioRig.RegionOffset(IvshmemDoorbellDevice.MsixBar);
            byte[] span = new byte[80]; // the 64-byte table of 4 vectors and 16 bytes after it
            Assert.Equal(80, device.ReadAt(span, bar1).ThrowIfError("pread"));
            Assert.All(span[..64], b => Assert.Equal(0xff, b));
            Assert.All(span[64..], b => Assert.Equal(0, b)); // past the table the device answers
            Assert.Equal(64, device.WriteAt(new byte[64], bar1).ThrowIfError("pwrite")); // dropped, but counted
            Assert.Equal(0u, VfioRig.ReadRegion32(device, IvshmemDoorbellDevice.MsixBar, (long)IvshmemDoorbellDevice.MsixPbaOffset));

            // Ioeventfds may not write around the table (vfio_pci_ioeventfd), elsewhere in the BAR they may.
            using DeviceFile eventFd = DeviceFile.CreateEventFd(rig.Process).Value;
            Assert.Equal(Errno.EINVAL, VfioRig.Ioeventfd(device, 4, bar1 + 60, 0, eventFd.Handle.Fd).Error);
            Assert.True(VfioRig.Ioeventfd(device, 4, bar1 + 64, 0, eventFd.Handle.Fd).IsSuccess);

            // MSIX_MAPPABLE: the BAR maps whole, the table included.
            using MappedRegion whole = device.Map((nuint)IvshmemDoorbellDevice.MsixBarLength, bar1).Value;
            Assert.Equal(0u, whole.ReadUInt32(0));
        }
    }

    [Fact]
    public void Section4_irq_info_msix_counts_the_table_and_may_resize_while_msi_has_none()
    {
        using var rig = new VfioRig(model: new IvshmemDoorbellDevice(vectors: 4));
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            Assert.Equal((1u, 4u), IrqInfo(device, VFIO_PCI_MSIX_IRQ_INDEX)); // EVENTFD, no NORESIZE: dynamic MSI-X
            Assert.Equal((9u, 0u), IrqInfo(device, VFIO_PCI_MSI_IRQ_INDEX));
            Assert.Equal((7u, 1u), IrqInfo(device, VFIO_PCI_INTX_IRQ_INDEX)); // QEMU wires INTA
        }
    }

    [Fact]
    public void Section4_msix_set_irqs_takes_eventfds_per_vector_and_the_doorbell_signals_them()
    {
        using var rig = new VfioRig(model: new IvshmemDoorbellDevice(vectors: 4));
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using DeviceFile first = DeviceFile.CreateEventFd(rig.Process).Value;
        using DeviceFile second = DeviceFile.CreateEventFd(rig.Process).Value;
        using DeviceFile last = DeviceFile.CreateEventFd(rig.Process).Value;
        using (container)
        using (group)
        using (device)
        {
            void Ring(uint peer, uint vector) =>
                VfioRig.WriteRegion32(device, IvshmemDoorbellDevice.RegisterBar, (long)IvshmemDoorbellDevice.RegisterDoorbell, (peer << 16) | vector);

            VfioRig.EnableBusMaster(device);
            Assert.Equal(Errno.EINVAL, VfioRig.SetIrqEventFds(device, VFIO_PCI_MSIX_IRQ_INDEX, 3, first.Handle.Fd, second.Handle.Fd).Error); // past 4 vectors
            Assert.True(VfioRig.SetIrqEventFds(device, VFIO_PCI_MSIX_IRQ_INDEX, 0, first.Handle.Fd, second.Handle.Fd).IsSuccess);
            Assert.Equal(Errno.EINVAL, VfioRig.SetIrqEventFds(device, VFIO_PCI_INTX_IRQ_INDEX, 0, first.Handle.Fd).Error); // MSI-X is on
            Ring(0, 1);
            Ring(0, 1);
            Ring(0, 0);
            Ring(1, 0); // another peer: not this function's vector
            Assert.Equal((1ul, 2ul), (VfioRig.TakeEvents(first), VfioRig.TakeEvents(second)));

            // A vector past those enabled is added on demand; an fd that is no eventfd undoes the block it was in.
            Assert.True(VfioRig.SetIrqEventFds(device, VFIO_PCI_MSIX_IRQ_INDEX, 3, last.Handle.Fd).IsSuccess);
            Ring(0, 3);
            Assert.Equal(1ul, VfioRig.TakeEvents(last));
            Assert.Equal(Errno.EINVAL, VfioRig.SetIrqEventFds(device, VFIO_PCI_MSIX_IRQ_INDEX, 0, second.Handle.Fd, device.Handle.Fd).Error);
            Ring(0, 0);
            Ring(0, 3);
            Assert.Equal((0ul, 1ul), (VfioRig.TakeEvents(second), VfioRig.TakeEvents(last))); // vector 0 was cleared, 3 kept

            // Loopback, then off: the doorbell reaches nobody.
            Assert.True(VfioRig.SetIrqs(device, (uint)(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER), VFIO_PCI_MSIX_IRQ_INDEX, 3, 1).IsSuccess);
            Assert.Equal(1ul, VfioRig.TakeEvents(last));
            Assert.True(VfioRig.SetIrqs(device, (uint)(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER), VFIO_PCI_MSIX_IRQ_INDEX, 0, 0).IsSuccess);
            Ring(0, 3);
            Assert.Equal(0ul, VfioRig.TakeEvents(last));
        }
    }

    [Fact]
    public void Section4_rom_region_is_read_only_reports_the_window_and_reads_ones_past_the_images()
    {
        using var rig = new VfioRig(model: new IvshmemDoorbellDevice(expansionRom: RomImage(imageBlocks: 2, fileLength: 1500)));
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            Assert.Equal((Read, 2048ul, 0u), Describe(device, VFIO_PCI_ROM_REGION_INDEX));
            long rom = VfioRig.RegionOffset(VFIO_PCI_ROM_REGION_INDEX);
            Assert.Equal(0xaa55u, VfioRig.ReadRegion32(device, VFIO_PCI_ROM_REGION_INDEX, 0) & 0xffff);
            Assert.Equal(uint.MaxValue, VfioRig.ReadRegion32(device, VFIO_PCI_ROM_REGION_INDEX, 1024)); // the one image is 2 × 512 bytes
            byte[] word = new byte[4];
            Assert.Equal(Errno.EINVAL, device.ReadAt(word, rom + 2048).Error); // past the window
            Assert.Equal(Errno.EINVAL, device.WriteAt(word, rom).Error); // read only
            Assert.Equal(Errno.EINVAL, device.Map(4096, rom).Error); // never mapped

            // Without memory decode the ROM is unreadable, but the excluded tail still reads ones.
            VfioRig.WriteCommand(device, 0);
            Assert.Equal(Errno.EIO, device.ReadAt(word, rom).Error);
            Assert.Equal(4, device.ReadAt(word, rom + 1024).ThrowIfError("pread"));
        }
    }

    [Fact]
    public void Section4_a_rom_without_a_valid_image_has_size_0_and_reads_fail()
    {
        byte[] image = RomImage(imageBlocks: 2, fileLength: 1024);
        image[0] = 0; // no 0x55 0xaa
        using var rig = new VfioRig(model: new IvshmemDoorbellDevice(expansionRom: image));
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            Assert.Equal((0u, 0ul, 0u), Describe(device, VFIO_PCI_ROM_REGION_INDEX));
            Assert.Equal(Errno.ENOMEM, device.ReadAt(new byte[4], VfioRig.RegionOffset(VFIO_PCI_ROM_REGION_INDEX)).Error);
        }
    }

    [Fact]
    public void Section4_the_shared_memory_bar_maps_and_the_memory_is_the_devices()
    {
        var ivshmem = new IvshmemDoorbellDevice();
        using var rig = new VfioRig(model: ivshmem);
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            using MappedRegion shared = device.Map(1 << 20, VfioRig.RegionOffset(IvshmemDoorbellDevice.SharedMemoryBar)).Value;
            shared.WriteUInt64(4096, 0x0123_4567_89ab_cdef);
            Assert.Equal(0x0123_4567_89ab_cdefUL, BitConverter.ToUInt64(ivshmem.SharedMemory[4096..]));
            Assert.Equal(0x89ab_cdefu, VfioRig.ReadRegion32(device, IvshmemDoorbellDevice.SharedMemoryBar, 4096));
        }
    }

    [Fact]
    public void Section4_vfio_pci_takes_no_vga_class_function()
    {
        var model = new ResettableTestDevice();
        model.Config.Write16(PciConfigSpace.SubClass, PciConfigSpace.ClassDisplayVga);
        var kernel = new SimulatedKernel();
        Assert.Throws<ArgumentException>(() => VfioSubsystem.Load(kernel).AddPciDevice(model));
    }

    private static (uint Flags, ulong Size, uint CapOffset) Describe(DeviceFile device, uint index)
    {
        (SysResult result, vfio_region_info info, _) = VfioRig.RegionInfo(device, index);
        result.ThrowIfError("VFIO_DEVICE_GET_REGION_INFO");
        return (info.flags, info.size, info.cap_offset);
    }

    private static (uint Flags, uint Count) IrqInfo(DeviceFile device, uint index)
    {
        var info = new vfio_irq_info { argsz = 16, index = index };
        VfioRig.Call(device, VFIO_DEVICE_GET_IRQ_INFO, ref info).ThrowIfError("VFIO_DEVICE_GET_IRQ_INFO");
        return (info.flags, info.count);
    }

    // One PCI expansion ROM image of imageBlocks × 512 bytes, marked last, in a file of fileLength bytes: the
    // 0x55 0xaa signature, the pointer at 0x18 to a "PCIR" data structure at 0x1c whose own length is 0x18,
    // the image length (in 512-byte units) at +0x10 and the last-image bit at +0x15 (the PCI firmware layout).
    private static byte[] RomImage(int imageBlocks, int fileLength)
    {
        byte[] rom = new byte[fileLength];
        rom[0] = 0x55;
        rom[1] = 0xaa;
        rom[0x18] = 0x1c;
        "PCIR"u8.CopyTo(rom.AsSpan(0x1c));
        rom[0x1c + 0x0a] = 0x18;
        rom[0x1c + 0x10] = (byte)imageBlocks;
        rom[0x1c + 0x15] = 0x80;
        return rom;
    }
}
