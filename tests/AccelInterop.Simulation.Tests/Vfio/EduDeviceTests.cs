using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Vfio;
using AccelInterop.Simulation.Vfio.Pci;
using static AccelInterop.Simulation.Tests.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Tests.Vfio;

/// <summary>
/// QEMU's edu device (hw/misc/edu.c, docs/specs/edu.rst) behind simulated vfio-pci, driven as a
/// user-space driver would: BAR0 mapped, DMA through a type1 IOMMU mapping, interrupts on eventfds.
/// </summary>
public sealed unsafe class EduDeviceTests
{
    private const ulong Iova = 0x100000;

    [Fact]
    public void Edu_identifies_itself_and_inverts_the_liveness_value_through_a_bar0_mapping()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        using (MappedRegion bar = device.Map((nuint)EduDevice.Bar0Length, VfioRig.RegionOffset(VFIO_PCI_BAR0_REGION_INDEX)).Value)
        {
            Assert.Equal(0x010000edu, bar.ReadUInt32(0x00));
            bar.WriteUInt32(0x04, 0x12345678);
            Assert.Equal(~0x12345678u, bar.ReadUInt32(0x04));
            Assert.Equal(uint.MaxValue, bar.ReadUInt32(0x10)); // an undecoded register reads all ones
            Assert.Equal(ulong.MaxValue, bar.ReadUInt64(0x00)); // below 0x80 only 4-byte accesses decode
        }

        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Edu_factorial_is_busy_until_the_device_runs_then_holds_the_result_and_raises_its_interrupt()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using DeviceFile intx = DeviceFile.CreateEventFd(rig.Process).Value;
        Assert.True(VfioRig.SetIrqEventFds(device, VFIO_PCI_INTX_IRQ_INDEX, 0, intx.Handle.Fd).IsSuccess);
        using (MappedRegion bar = device.Map((nuint)EduDevice.Bar0Length, VfioRig.RegionOffset(VFIO_PCI_BAR0_REGION_INDEX)).Value)
        {
            bar.WriteUInt32(0x20, EduDevice.StatusInterruptOnFactorial);
            using (rig.Kernel.HoldFirmware())
            {
                bar.WriteUInt32(0x08, 10);
                Assert.Equal(EduDevice.StatusComputing | EduDevice.StatusInterruptOnFactorial, bar.ReadUInt32(0x20));
                bar.WriteUInt32(0x08, 3); // ignored while computing
            }

            Assert.Equal(EduDevice.StatusInterruptOnFactorial, bar.ReadUInt32(0x20));
            Assert.Equal(3628800u, bar.ReadUInt32(0x08));
            Assert.Equal(EduDevice.InterruptFactorial, bar.ReadUInt32(0x24));
            Assert.Equal(1ul, VfioRig.TakeEvents(intx));
            bar.WriteUInt32(0x64, EduDevice.InterruptFactorial);
            Assert.Equal(0u, bar.ReadUInt32(0x24));
        }

        device.Dispose();
        group.Dispose();
        container.Dispose();
        intx.Dispose();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    // vfio-pci enables the function without COMMAND.MASTER; until the driver sets it, the device's
    // memory transactions never reach the bus. The kernel lane saw it on Linux 7.2.13 with QEMU's edu:
    // the DMA "completes" (status 0x100), moves nothing, and no MSI arrives. With the bit set the
    // bytes go RAM -> edu buffer -> RAM one page further, and the completion signals the MSI eventfd.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Edu_dma_round_trip_through_the_iommu_and_its_msi_need_bus_master(bool busMaster)
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        byte* memory = (byte*)NativeMemory.AlignedAlloc(8192, 4096);
        try
        {
            using UserMemoryRegistration registration = rig.Process.Memory.Register(memory, 8192);
            var span = new Span<byte>(memory, 8192);
            span.Clear();
            for (int i = 0; i < 100; i++)
            {
                span[i] = (byte)(i + 1);
            }

            Assert.True(VfioRig.Map(container, Iova, (ulong)memory, 8192).IsSuccess);
            using DeviceFile msi = DeviceFile.CreateEventFd(rig.Process).Value;
            Assert.True(VfioRig.SetIrqEventFds(device, VFIO_PCI_MSI_IRQ_INDEX, 0, msi.Handle.Fd).IsSuccess);
            using MappedRegion bar = device.Map((nuint)EduDevice.Bar0Length, VfioRig.RegionOffset(VFIO_PCI_BAR0_REGION_INDEX)).Value;
            Assert.Equal(0u, VfioRig.ReadRegion32(device, VFIO_PCI_CONFIG_REGION_INDEX, PciConfigSpace.Command) & PciConfigSpace.CommandMaster);
            if (busMaster)
            {
                VfioRig.EnableBusMaster(device);
            }

            VfioRig.EduDma(bar, Iova, EduDevice.DmaBufferAddress, 100, EduDevice.DmaRun);
            VfioRig.EduDma(bar, EduDevice.DmaBufferAddress, Iova + 4096, 100, EduDevice.DmaRun | EduDevice.DmaToMemory | EduDevice.DmaInterrupt);
            Assert.Equal(EduDevice.InterruptDma, bar.ReadUInt32(0x24)); // raised inside the device either way
            if (busMaster)
            {
                Assert.Equal(PollEvents.In, msi.Poll(PollEvents.In, 1000).Value);
                Assert.Equal(1ul, VfioRig.TakeEvents(msi));
                Assert.True(span.Slice(4096, 100).SequenceEqual(span[..100]));
            }
            else
            {
                Assert.Equal(PollEvents.None, msi.Poll(PollEvents.In, 50).Value); // the MSI write never left it
                Assert.True(span.Slice(4096, 100).IndexOfAnyExcept((byte)0) < 0);
            }

            Assert.Empty(rig.Device.IommuFaults); // unmapped nothing; without bus master nothing reached the IOMMU
        }
        finally
        {
            device.Dispose();
            group.Dispose();
            container.Dispose();
            NativeMemory.AlignedFree(memory);
        }

        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Edu_dma_to_an_unmapped_iova_completes_as_usual_while_the_iommu_records_the_fault()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        using (MappedRegion bar = device.Map((nuint)EduDevice.Bar0Length, VfioRig.RegionOffset(VFIO_PCI_BAR0_REGION_INDEX)).Value)
        {
            VfioRig.EnableBusMaster(device);
            bar.WriteUInt64(0x80, EduDevice.DmaBufferAddress);
            bar.WriteUInt64(0x88, 0x200000);
            bar.WriteUInt64(0x90, 64);
            bar.WriteUInt64(0x98, EduDevice.DmaRun | EduDevice.DmaToMemory | EduDevice.DmaInterrupt);
            Assert.Equal(EduDevice.DmaToMemory | EduDevice.DmaInterrupt, bar.ReadUInt64(0x98)); // done, no error bit exists
            Assert.Equal(EduDevice.InterruptDma, bar.ReadUInt32(0x24));
            Assert.Equal([new IommuFault(VfioRig.EduName, 0x200000, 64, Write: true)], rig.Device.IommuFaults);

            // A read from an unmapped IOVA fills the buffer with zeros (the blocked read returns nothing).
            bar.WriteUInt64(0x80, 0x300000);
            bar.WriteUInt64(0x88, EduDevice.DmaBufferAddress);
            bar.WriteUInt64(0x98, EduDevice.DmaRun);
            Assert.Equal(0ul, bar.ReadUInt64(0x98) & EduDevice.DmaRun);
            Assert.Equal(new IommuFault(VfioRig.EduName, 0x300000, 64, Write: false), rig.Device.IommuFaults[1]);
        }
    }

    [Fact]
    public void Edu_intx_is_automasked_until_unmask_and_fires_again_on_unmask_while_still_asserted()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        using (DeviceFile intx = DeviceFile.CreateEventFd(rig.Process).Value)
        using (MappedRegion bar = device.Map((nuint)EduDevice.Bar0Length, VfioRig.RegionOffset(VFIO_PCI_BAR0_REGION_INDEX)).Value)
        {
            Assert.True(VfioRig.SetIrqEventFds(device, VFIO_PCI_INTX_IRQ_INDEX, 0, intx.Handle.Fd).IsSuccess);
            bar.WriteUInt32(0x60, 0x5);
            Assert.Equal(1ul, VfioRig.TakeEvents(intx));
            Assert.Equal(0x5u, bar.ReadUInt32(0x24));
            bar.WriteUInt32(0x64, 0x5); // line low
            bar.WriteUInt32(0x60, 0x2); // line high again, but the handler masked it
            Assert.Equal(0ul, VfioRig.TakeEvents(intx));
            uint unmask = (uint)(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK);
            Assert.True(VfioRig.SetIrqs(device, unmask, VFIO_PCI_INTX_IRQ_INDEX, 0, 1).IsSuccess);
            Assert.Equal(1ul, VfioRig.TakeEvents(intx)); // still asserted: fires on unmask
        }

        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Edu_config_space_shows_qemus_ids_command_and_a_1_mib_bar0()
    {
        using var rig = new VfioRig();
        (DeviceFile container, DeviceFile group, DeviceFile device) = rig.OpenAll();
        using (container)
        using (group)
        using (device)
        {
            uint ids = VfioRig.ReadRegion32(device, VFIO_PCI_CONFIG_REGION_INDEX, 0);
            Assert.Equal((uint)EduDevice.Device << 16 | EduDevice.Vendor, ids);
            Assert.NotEqual(0u, VfioRig.ReadRegion32(device, VFIO_PCI_CONFIG_REGION_INDEX, PciConfigSpace.Command) & PciConfigSpace.CommandMemory);

            // BAR sizing: all ones written, the size mask read back.
            VfioRig.WriteRegion32(device, VFIO_PCI_CONFIG_REGION_INDEX, PciConfigSpace.Bar0, uint.MaxValue);
            Assert.Equal(~(uint)(EduDevice.Bar0Length - 1), VfioRig.ReadRegion32(device, VFIO_PCI_CONFIG_REGION_INDEX, PciConfigSpace.Bar0));
            Assert.Equal(0u, VfioRig.ReadRegion32(device, VFIO_PCI_CONFIG_REGION_INDEX, PciConfigSpace.Bar0 + 4));
        }
    }
}
