// A user-space driver for QEMU's edu device on the simulated kernel, through the calls a program
// makes on a real machine with vfio-pci: the legacy container/group flow, BAR0 mapped, a factorial,
// a DMA round trip through an IOMMU mapping with the completion interrupt on an eventfd, then a
// BAR range exported as a dma-buf to a second process, which maps it until the driver revokes it
// (the proposed dma-buf series, an option of the simulated device).
// Bindings: the source generator emits what AccelInterop.txt selects at build time, into
// AccelInterop.Samples.Vfio.Uapi.
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Samples.Vfio.Uapi.Vfio;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Vfio;
using AccelInterop.Simulation.Vfio.Pci;
using static AccelInterop.Samples.Vfio.Uapi.Vfio.Vfio;

unsafe
{
    const string eduName = "0000:00:04.0";
    const ulong iova = 0x100000;
    var kernel = new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Threaded });
    VfioSubsystem vfio = VfioSubsystem.Load(kernel);
    VfioPciDevice edu = vfio.AddPciDevice(new EduDevice(), eduName, new VfioPciOptions { DmaBufMmap = true });
    SimulatedProcess driver = kernel.CreateProcess("edu-driver");
    SimulatedProcess client = kernel.CreateProcess("edu-client");

    // VFIO's requests are _IO(';', n) with an argsz struct: pass it as a span, so the kernel knows its extent.
    static int Call<T>(DeviceFile file, in IoctlRequest request, ref T argument) where T : unmanaged =>
        file.Ioctl(request.Value, MemoryMarshal.AsBytes(new Span<T>(ref argument))).ThrowIfError(request.Name);

    using (DeviceFile container = DeviceFile.Open(driver, VfioSubsystem.ContainerPath).Value)
    using (DeviceFile group = DeviceFile.Open(driver, edu.Group.Path).Value)
    {
        Console.WriteLine($"container: API version {container.Ioctl(VFIO_GET_API_VERSION.Value, (void*)0).Value}, " +
            $"TYPE1v2 {(container.Ioctl(VFIO_CHECK_EXTENSION.Value, (void*)(nint)VFIO_TYPE1v2_IOMMU).Value == 1 ? "supported" : "missing")}");
        int containerFd = container.Handle.Fd;
        Call(group, VFIO_GROUP_SET_CONTAINER, ref containerFd);
        container.Ioctl(VFIO_SET_IOMMU.Value, (void*)(nint)VFIO_TYPE1v2_IOMMU).ThrowIfError("VFIO_SET_IOMMU");
        var status = new vfio_group_status { argsz = (uint)sizeof(vfio_group_status) };
        Call(group, VFIO_GROUP_GET_STATUS, ref status);
        Console.WriteLine($"group {edu.Group.Path}: flags 0x{status.flags:x} (viable, container set)");

        byte[] name = [.. System.Text.Encoding.ASCII.GetBytes(eduName), 0];
        int deviceFd = group.Ioctl(VFIO_GROUP_GET_DEVICE_FD.Value, name).ThrowIfError("VFIO_GROUP_GET_DEVICE_FD");

        using var device = new DeviceFile(new SafeFileDescriptor(driver, deviceFd));
        var info = new vfio_device_info { argsz = (uint)sizeof(vfio_device_info) };
        Call(device, VFIO_DEVICE_GET_INFO, ref info);
        var bar0 = new vfio_region_info { argsz = (uint)sizeof(vfio_region_info), index = VFIO_PCI_BAR0_REGION_INDEX };
        Call(device, VFIO_DEVICE_GET_REGION_INFO, ref bar0);
        Console.WriteLine($"device {eduName}: {info.num_regions} regions, {info.num_irqs} IRQ indexes; BAR0 {bar0.size >> 20} MiB at file offset 0x{bar0.offset:x}");

        using MappedRegion registers = device.Map((nuint)bar0.size, (long)bar0.offset).Value;

        // vfio-pci enables the function without bus mastering: the driver sets COMMAND.MASTER before
        // the device may DMA or send an MSI.
        var config = new vfio_region_info { argsz = (uint)sizeof(vfio_region_info), index = VFIO_PCI_CONFIG_REGION_INDEX };
        Call(device, VFIO_DEVICE_GET_REGION_INFO, ref config);
        Span<byte> command = stackalloc byte[2];
        long commandOffset = (long)config.offset + PciConfigSpace.Command;
        device.ReadAt(command, commandOffset).ThrowIfError("pread COMMAND");
        MemoryMarshal.Write(command, (ushort)(MemoryMarshal.Read<ushort>(command) | PciConfigSpace.CommandMaster));
        device.WriteAt(command, commandOffset).ThrowIfError("pwrite COMMAND");
        Console.WriteLine($"edu: identification 0x{registers.ReadUInt32(0x00):x8}");
        registers.WriteUInt32(0x04, 0xcafe);
        Console.WriteLine($"edu: liveness 0xcafe -> 0x{registers.ReadUInt32(0x04):x8}");

        registers.WriteUInt32(0x08, 10);
        while ((registers.ReadUInt32(0x20) & EduDevice.StatusComputing) != 0)
        {
            Thread.SpinWait(16);
        }

        Console.WriteLine($"edu: 10! = {registers.ReadUInt32(0x08)}");

        // DMA: page-aligned memory the IOMMU maps at iova, MSI on an eventfd.
        byte* memory = (byte*)NativeMemory.AlignedAlloc(8192, 4096);
        try
        {
            using (driver.Memory.Register(memory, 8192))
            using (DeviceFile interrupt = DeviceFile.CreateEventFd(driver).Value)
            {
                var buffer = new Span<byte>(memory, 8192);
                buffer.Clear();
                "hello from the edu sample"u8.CopyTo(buffer);
                var map = new vfio_iommu_type1_dma_map
                {
                    argsz = (uint)sizeof(vfio_iommu_type1_dma_map),
                    flags = (uint)(VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE),
                    vaddr = (ulong)memory,
                    iova = iova,
                    size = 8192,
                };
                Call(container, VFIO_IOMMU_MAP_DMA, ref map);

                Span<byte> irqSet = stackalloc byte[24];
                MemoryMarshal.Write(irqSet, 24u);
                MemoryMarshal.Write(irqSet[4..], (uint)(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER));
                MemoryMarshal.Write(irqSet[8..], (uint)VFIO_PCI_MSI_IRQ_INDEX);
                MemoryMarshal.Write(irqSet[12..], 0u);
                MemoryMarshal.Write(irqSet[16..], 1u);
                MemoryMarshal.Write(irqSet[20..], interrupt.Handle.Fd);
                device.Ioctl(VFIO_DEVICE_SET_IRQS.Value, irqSet).ThrowIfError("VFIO_DEVICE_SET_IRQS");

                RunDma(registers, iova, EduDevice.DmaBufferAddress, 64, EduDevice.DmaRun);
                RunDma(registers, EduDevice.DmaBufferAddress, iova + 4096, 64, EduDevice.DmaRun | EduDevice.DmaToMemory | EduDevice.DmaInterrupt);
                PollEvents ready = interrupt.Poll(PollEvents.In, 5000).Value;
                Span<byte> count = stackalloc byte[8];
                interrupt.Read(count).ThrowIfError("eventfd read");
                registers.WriteUInt32(0x64, registers.ReadUInt32(0x24)); // acknowledge
                string back = System.Text.Encoding.ASCII.GetString(buffer.Slice(4096, 25));
                Console.WriteLine($"edu: DMA round trip through IOVA 0x{iova:x}: \"{back}\", MSI eventfd {ready}, count {BitConverter.ToUInt64(count)}");

                var unmap = new vfio_iommu_type1_dma_unmap { argsz = (uint)sizeof(vfio_iommu_type1_dma_unmap), iova = iova, size = 8192 };
                Call(container, VFIO_IOMMU_UNMAP_DMA, ref unmap);
                Console.WriteLine($"container: unmapped {unmap.size} bytes");
            }
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }

        // A BAR range as a dma-buf, lent to a second process, then revoked.
        Span<byte> feature = stackalloc byte[8 + 16 + 16];
        feature.Clear();
        MemoryMarshal.Write(feature, 40u);
        MemoryMarshal.Write(feature[4..], (uint)(VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_DMA_BUF));
        MemoryMarshal.Write(feature[8..], (uint)VFIO_PCI_BAR0_REGION_INDEX);
        MemoryMarshal.Write(feature[12..], (uint)(OpenFlags.ReadWrite | OpenFlags.CloseOnExec));
        MemoryMarshal.Write(feature[20..], 1u);
        MemoryMarshal.Write(feature[32..], 4096UL);
        int dmaBufFd = device.Ioctl(VFIO_DEVICE_FEATURE.Value, feature).ThrowIfError("VFIO_DEVICE_FEATURE(DMA_BUF)");
        int lent = driver.SendFileDescriptor(dmaBufFd, client).ThrowIfError("SCM_RIGHTS");
        using (var borrowed = new DeviceFile(new SafeFileDescriptor(client, lent)))
        using (MappedRegion view = borrowed.Map(4096).Value)
        {
            Console.WriteLine($"client: dma-buf of BAR0 [0, 4 KiB) mapped, identification 0x{view.ReadUInt32(0):x8}");
            var revoke = new vfio_pci_dmabuf_revoke { argsz = (uint)sizeof(vfio_pci_dmabuf_revoke), dmabuf_fd = dmaBufFd };
            Call(device, VFIO_DEVICE_PCI_DMABUF_REVOKE, ref revoke);
            Console.WriteLine("driver: dma-buf revoked");
            try
            {
                view.ReadUInt32(0);
                Console.WriteLine("client: the revoked mapping still answered (unexpected)");
                return 1;
            }
            catch (MappingFaultException fault)
            {
                Console.WriteLine($"client: next access faults: {fault.Message}");
            }
        }

        driver.Close(dmaBufFd).ThrowIfError("close");
    }

    client.Exit();
    driver.Exit();
    Console.WriteLine($"counts after exit: {kernel.Counts}");
    return kernel.Counts.AllZero ? 0 : 1;

    static void RunDma(MappedRegion registers, ulong source, ulong destination, ulong count, ulong command)
    {
        registers.WriteUInt64(0x80, source);
        registers.WriteUInt64(0x88, destination);
        registers.WriteUInt64(0x90, count);
        registers.WriteUInt64(0x98, command);
        while ((registers.ReadUInt64(0x98) & EduDevice.DmaRun) != 0)
        {
            Thread.SpinWait(16);
        }
    }
}
