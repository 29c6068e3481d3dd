using System.Diagnostics;
using System.Runtime.InteropServices;
using AccelInterop.KernelLane.Uapi.Vfio;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using static AccelInterop.KernelLane.Uapi.Vfio.Vfio;

namespace AccelInterop.KernelLane;

/// <summary>
/// VFIO with QEMU's edu behind the emulated IOMMU: the container/group/device flow and its order
/// rules, regions, IRQs, config space, BAR0 work (ID, liveness, factorial), DMA mapping rules, a
/// 1 KiB DMA round trip with the MSI on an eventfd, the DMA-BUF export's rules, and reset.
/// </summary>
internal static unsafe class VfioScenario
{
    private const ulong Iova = 0x100000;

    public static void Run(ILaneHost host, Transcript t)
    {
        using DeviceFile container = DeviceFile.Open(host.Kernel, Paths.VfioContainer).Value;
        using DeviceFile group = DeviceFile.Open(host.Kernel, host.EduGroupPath).Value;
        t.Step("vfio.api-version", container.Ioctl(VFIO_GET_API_VERSION.Value, (void*)0));
        foreach ((string tag, nint extension) in new[] { ("type1", (nint)VFIO_TYPE1_IOMMU), ("type1v2", (nint)VFIO_TYPE1v2_IOMMU), ("noiommu", (nint)VFIO_NOIOMMU_IOMMU), ("unknown", (nint)99) })
        {
            t.Step($"vfio.check-extension.{tag}", container.Ioctl(VFIO_CHECK_EXTENSION.Value, (void*)extension));
        }

        var status = new vfio_group_status { argsz = (uint)sizeof(vfio_group_status) };
        SysResult r = Call(group, VFIO_GROUP_GET_STATUS, ref status);
        t.Step("vfio.group-status.alone", r, $"flags=0x{status.flags:x}");
        var shortStatus = new vfio_group_status { argsz = 4 };
        t.Step("vfio.group-status.short-argsz", Call(group, VFIO_GROUP_GET_STATUS, ref shortStatus));
        t.Step("vfio.set-iommu.no-group", container.Ioctl(VFIO_SET_IOMMU.Value, (void*)(nint)VFIO_TYPE1v2_IOMMU));
        Close(host, t.StepFd("vfio.get-device-fd.no-container", DeviceFd(group, host.EduAddress)));

        int badFd = -1;
        t.Step("vfio.group-set-container.bad-fd", Call(group, VFIO_GROUP_SET_CONTAINER, ref badFd));
        int containerFd = container.Handle.Fd;
        t.Step("vfio.group-set-container", Call(group, VFIO_GROUP_SET_CONTAINER, ref containerFd));
        t.Step("vfio.group-set-container.again", Call(group, VFIO_GROUP_SET_CONTAINER, ref containerFd));
        t.Step("vfio.set-iommu.unknown", container.Ioctl(VFIO_SET_IOMMU.Value, (void*)99));
        t.Step("vfio.set-iommu", container.Ioctl(VFIO_SET_IOMMU.Value, (void*)(nint)VFIO_TYPE1v2_IOMMU));
        t.Step("vfio.set-iommu.again", container.Ioctl(VFIO_SET_IOMMU.Value, (void*)(nint)VFIO_TYPE1v2_IOMMU));
        status = new vfio_group_status { argsz = (uint)sizeof(vfio_group_status) };
        r = Call(group, VFIO_GROUP_GET_STATUS, ref status);
        t.Step("vfio.group-status.set", r, $"flags=0x{status.flags:x}");

        var iommu = new vfio_iommu_type1_info { argsz = (uint)sizeof(vfio_iommu_type1_info) };
        r = Call(container, VFIO_IOMMU_GET_INFO, ref iommu);
        t.Step("vfio.iommu-info", r, $"flags=0x{iommu.flags:x} pgsizes-has-4k={(iommu.iova_pgsizes & 0x1000) != 0}");

        Close(host, t.StepFd("vfio.get-device-fd.unknown-name", DeviceFd(group, "0000:00:1f.7")));
        SysResult opened = t.StepFd("vfio.get-device-fd", DeviceFd(group, host.EduAddress));
        using DeviceFile device = new(new SafeFileDescriptor(host.Kernel, opened.ThrowIfError("VFIO_GROUP_GET_DEVICE_FD")));
        Close(host, t.StepFd("vfio.get-device-fd.second", DeviceFd(group, host.EduAddress)));

        DeviceInfo(t, device);
        ConfigSpace(t, device);
        Bar0Work(host, t, container, device);
        DmaBufExport(t, device);
        t.Step("vfio.device-reset", device.Ioctl(VFIO_DEVICE_RESET.Value, (void*)0));
        t.Step("vfio.group-unset-container.device-open", group.Ioctl(VFIO_GROUP_UNSET_CONTAINER.Value, (void*)0));
    }

    private static void DeviceInfo(Transcript t, DeviceFile device)
    {
        var info = new vfio_device_info { argsz = (uint)sizeof(vfio_device_info) };
        SysResult r = Call(device, VFIO_DEVICE_GET_INFO, ref info);
        t.Step("vfio.device-info", r, $"flags=0x{info.flags:x} regions={info.num_regions} irqs={info.num_irqs}");
        for (uint index = 0; index <= 9; index++)
        {
            var region = new vfio_region_info { argsz = (uint)sizeof(vfio_region_info), index = index };
            r = Call(device, VFIO_DEVICE_GET_REGION_INFO, ref region);
            t.Step($"vfio.region-info.{index}", r, $"flags=0x{region.flags:x} size=0x{region.size:x} offset=0x{region.offset:x}");
        }

        for (uint index = 0; index <= 5; index++)
        {
            var irq = new vfio_irq_info { argsz = (uint)sizeof(vfio_irq_info), index = index };
            r = Call(device, VFIO_DEVICE_GET_IRQ_INFO, ref irq);
            t.Step($"vfio.irq-info.{index}", r, $"flags=0x{irq.flags:x} count={irq.count}");
        }
    }

    private static void ConfigSpace(Transcript t, DeviceFile device)
    {
        var config = new vfio_region_info { argsz = (uint)sizeof(vfio_region_info), index = VFIO_PCI_CONFIG_REGION_INDEX };
        Call(device, VFIO_DEVICE_GET_REGION_INFO, ref config).ThrowIfError("VFIO_DEVICE_GET_REGION_INFO");
        Span<byte> id = stackalloc byte[4];
        SysResult r = device.ReadAt(id, (long)config.offset);
        t.Step("vfio.config.read-id", r, $"vendor=0x{MemoryMarshal.Read<ushort>(id):x4} device=0x{MemoryMarshal.Read<ushort>(id[2..]):x4}");
        Span<byte> header = stackalloc byte[0x40];
        r = device.ReadAt(header, (long)config.offset);
        t.Step("vfio.config.read-header", r, $"class=0x{header[0x0b]:x2}{header[0x0a]:x2} header-type=0x{header[0x0e]:x2} cap-list={(header[0x06] & 0x10) != 0} cap-pointer=0x{header[0x34]:x2}");
        Span<byte> past = stackalloc byte[4];
        t.Step("vfio.config.read-past-end", device.ReadAt(past, (long)config.offset + (long)config.size));
        Span<byte> vendorWrite = stackalloc byte[2];
        MemoryMarshal.Write(vendorWrite, (ushort)0xbeef);
        r = device.WriteAt(vendorWrite, (long)config.offset);
        device.ReadAt(id, (long)config.offset);
        t.Step("vfio.config.write-vendor", r, $"vendor-after=0x{MemoryMarshal.Read<ushort>(id):x4}");
    }

    private static void Bar0Work(ILaneHost host, Transcript t, DeviceFile container, DeviceFile device)
    {
        var bar0 = new vfio_region_info { argsz = (uint)sizeof(vfio_region_info), index = VFIO_PCI_BAR0_REGION_INDEX };
        Call(device, VFIO_DEVICE_GET_REGION_INFO, ref bar0).ThrowIfError("VFIO_DEVICE_GET_REGION_INFO");
        Span<byte> word = stackalloc byte[4];
        SysResult r = device.ReadAt(word, (long)bar0.offset);
        t.Step("edu.pread-id", r, $"id=0x{MemoryMarshal.Read<uint>(word):x8}");
        t.Step("vfio.bar0.mmap.past-end", MapResult(device, (nuint)bar0.size * 2, (long)bar0.offset));

        using MappedRegion registers = device.Map((nuint)bar0.size, (long)bar0.offset).Value;
        t.Observe("edu.id", $"0x{registers.ReadUInt32(EduRegisters.Identification):x8}");
        registers.WriteUInt32(EduRegisters.Liveness, 0x12345678);
        t.Observe("edu.liveness", $"0x{registers.ReadUInt32(EduRegisters.Liveness):x8}");
        registers.WriteUInt32(EduRegisters.Factorial, 10);
        bool done = Until(() => (registers.ReadUInt32(EduRegisters.Status) & EduRegisters.StatusComputing) == 0);
        t.Observe("edu.factorial", $"done={done} 10!={registers.ReadUInt32(EduRegisters.Factorial)}");

        DmaMapping(host, t, container, registers, device);
    }

    private static void DmaMapping(ILaneHost host, Transcript t, DeviceFile container, MappedRegion registers, DeviceFile device)
    {
        byte* memory = (byte*)NativeMemory.AlignedAlloc(8192, 4096);
        try
        {
            var buffer = new Span<byte>(memory, 8192);
            buffer.Clear();
            using var shared = host.ShareMemory(memory, 8192);
            const uint rw = (uint)(VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE);
            foreach ((string tag, uint flags, ulong vaddr, ulong iova, ulong size) in new[]
            {
                ("zero-size", rw, (ulong)memory, Iova, 0UL), ("unaligned-iova", rw, (ulong)memory, Iova + 1, 8192UL),
                ("unaligned-size", rw, (ulong)memory, Iova, 100UL), ("unaligned-vaddr", rw, (ulong)memory + 1, Iova, 8192UL),
                ("no-access", 0u, (ulong)memory, Iova, 8192UL), ("unknown-flag", rw | 0x100u, (ulong)memory, Iova, 8192UL),
                ("bad-vaddr", rw, 0x1000UL, Iova, 8192UL),
            })
            {
                var bad = new vfio_iommu_type1_dma_map { argsz = (uint)sizeof(vfio_iommu_type1_dma_map), flags = flags, vaddr = vaddr, iova = iova, size = size };
                t.Step($"vfio.map-dma.{tag}", Call(container, VFIO_IOMMU_MAP_DMA, ref bad));
            }

            var map = new vfio_iommu_type1_dma_map { argsz = (uint)sizeof(vfio_iommu_type1_dma_map), flags = rw, vaddr = (ulong)memory, iova = Iova, size = 8192 };
            t.Step("vfio.map-dma", Call(container, VFIO_IOMMU_MAP_DMA, ref map));
            var overlap = map with { iova = Iova + 4096 };
            t.Step("vfio.map-dma.overlap", Call(container, VFIO_IOMMU_MAP_DMA, ref overlap));

            SysResult<DeviceFile> eventFd = DeviceFile.CreateEventFd(host.Kernel);
            using DeviceFile interrupt = eventFd.Value;
            t.Step("vfio.set-irqs.msi-eventfd", SetMsiTrigger(device, interrupt.Handle.Fd));
            t.Step("vfio.set-irqs.msi-past-count", SetMsiTrigger(device, interrupt.Handle.Fd, start: 1));

            // vfio-pci enables the function without bus mastering: the first round trip moves nothing
            // and raises no MSI; the second runs after the driver set COMMAND.MASTER.
            DmaRoundTrip(t, "edu.dma.no-bus-master", registers, buffer, interrupt);
            t.Step("vfio.config.set-bus-master", SetBusMaster(device));
            DmaRoundTrip(t, "edu.dma", registers, buffer, interrupt);
            t.Step("vfio.set-irqs.msi-disable", DisableMsi(device));
            Intx(host, t, registers, device);

            var unmapPart = new vfio_iommu_type1_dma_unmap { argsz = (uint)sizeof(vfio_iommu_type1_dma_unmap), iova = Iova + 4096, size = 4096 };
            SysResult partial = Call(container, VFIO_IOMMU_UNMAP_DMA, ref unmapPart);
            t.Step("vfio.unmap-dma.split", partial, $"size={unmapPart.size}");
            var unmapOdd = new vfio_iommu_type1_dma_unmap { argsz = (uint)sizeof(vfio_iommu_type1_dma_unmap), iova = Iova + 1, size = 4096 };
            t.Step("vfio.unmap-dma.unaligned", Call(container, VFIO_IOMMU_UNMAP_DMA, ref unmapOdd));
            var unmap = new vfio_iommu_type1_dma_unmap { argsz = (uint)sizeof(vfio_iommu_type1_dma_unmap), iova = Iova, size = 8192 };
            SysResult whole = Call(container, VFIO_IOMMU_UNMAP_DMA, ref unmap);
            t.Step("vfio.unmap-dma", whole, $"size={unmap.size}");
            var unmapNone = new vfio_iommu_type1_dma_unmap { argsz = (uint)sizeof(vfio_iommu_type1_dma_unmap), iova = Iova, size = 8192 };
            SysResult none = Call(container, VFIO_IOMMU_UNMAP_DMA, ref unmapNone);
            t.Step("vfio.unmap-dma.nothing-mapped", none, $"size={unmapNone.size}");
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }
    }

    private static void DmaBufExport(Transcript t, DeviceFile device)
    {
        t.Step("vfio.feature.dma-buf.probe", Feature(device, VFIO_DEVICE_FEATURE_PROBE | VFIO_DEVICE_FEATURE_GET, VFIO_PCI_BAR0_REGION_INDEX, 0, 4096));
        t.Step("vfio.feature.dma-buf.set", Feature(device, VFIO_DEVICE_FEATURE_SET, VFIO_PCI_BAR0_REGION_INDEX, 0, 4096));
        t.Step("vfio.feature.dma-buf.bar1-empty", Feature(device, VFIO_DEVICE_FEATURE_GET, 1, 0, 4096));
        t.Step("vfio.feature.dma-buf.config-region", Feature(device, VFIO_DEVICE_FEATURE_GET, VFIO_PCI_CONFIG_REGION_INDEX, 0, 4096));
        t.Step("vfio.feature.dma-buf.unaligned", Feature(device, VFIO_DEVICE_FEATURE_GET, VFIO_PCI_BAR0_REGION_INDEX, 100, 4096));
        t.Step("vfio.feature.dma-buf.past-bar", Feature(device, VFIO_DEVICE_FEATURE_GET, VFIO_PCI_BAR0_REGION_INDEX, 0, 1UL << 21));
        t.Step("vfio.feature.dma-buf.zero-length", Feature(device, VFIO_DEVICE_FEATURE_GET, VFIO_PCI_BAR0_REGION_INDEX, 0, 0));
        SysResult exported = Feature(device, VFIO_DEVICE_FEATURE_GET, VFIO_PCI_BAR0_REGION_INDEX, 0, 4096);
        t.StepFd("vfio.feature.dma-buf", exported);
        if (exported.IsSuccess)
        {
            using var buffer = new DeviceFile(new SafeFileDescriptor(device.Backend, exported.Value));
            t.Step("vfio.dma-buf.mmap", DrmCoreScenario.MapError(buffer, 4096, 0));
        }
    }

    private static SysResult Feature(DeviceFile device, ulong flags, uint region, ulong offset, ulong length)
    {
        Span<byte> feature = stackalloc byte[8 + 16 + 16];
        feature.Clear();
        MemoryMarshal.Write(feature, (uint)feature.Length);
        MemoryMarshal.Write(feature[4..], (uint)(flags | VFIO_DEVICE_FEATURE_DMA_BUF));
        MemoryMarshal.Write(feature[8..], region);
        MemoryMarshal.Write(feature[12..], 0x80000u | 2u); // O_CLOEXEC | O_RDWR
        MemoryMarshal.Write(feature[20..], 1u);
        MemoryMarshal.Write(feature[24..], offset);
        MemoryMarshal.Write(feature[32..], length);
        return device.Ioctl(VFIO_DEVICE_FEATURE.Value, feature);
    }

    // RAM -> edu's buffer -> RAM through the container's IOMMU mapping, 1 KiB each way (QEMU 7.2's
    // edu aborts the VM on a transfer that fills its whole 4 KiB buffer), each completion raising the
    // MSI on the eventfd. Every wait is bounded: the device runs on its own clock.
    private static void DmaRoundTrip(Transcript t, string tag, MappedRegion registers, Span<byte> buffer, DeviceFile interrupt)
    {
        const int Length = 1024;
        for (int i = 0; i < Length; i++)
        {
            buffer[i] = (byte)(i * 7 + 1);
        }

        buffer.Slice(4096, Length).Clear();
        t.Observe($"{tag}.to-device", Transfer(registers, interrupt, Iova, EduRegisters.DmaBuffer, EduRegisters.DmaInterrupt, Length));
        string back = Transfer(registers, interrupt, EduRegisters.DmaBuffer, Iova + 4096, EduRegisters.DmaToMemory | EduRegisters.DmaInterrupt, Length);
        t.Observe($"{tag}.to-memory", $"{back} equal={buffer[..Length].SequenceEqual(buffer.Slice(4096, Length))}");
    }

    // COMMAND.MASTER through the config region, keeping the other bits.
    private static SysResult SetBusMaster(DeviceFile device)
    {
        var config = new vfio_region_info { argsz = (uint)sizeof(vfio_region_info), index = VFIO_PCI_CONFIG_REGION_INDEX };
        Call(device, VFIO_DEVICE_GET_REGION_INFO, ref config).ThrowIfError("VFIO_DEVICE_GET_REGION_INFO");
        Span<byte> command = stackalloc byte[2];
        device.ReadAt(command, (long)config.offset + PciConfig.Command).ThrowIfError("pread COMMAND");
        MemoryMarshal.Write(command, (ushort)(MemoryMarshal.Read<ushort>(command) | PciConfig.CommandMaster));
        return device.WriteAt(command, (long)config.offset + PciConfig.Command);
    }

    private static string Transfer(MappedRegion registers, DeviceFile interrupt, ulong source, ulong destination, ulong command, int length)
    {
        registers.WriteUInt64(EduRegisters.DmaSource, source);
        registers.WriteUInt64(EduRegisters.DmaDestination, destination);
        registers.WriteUInt64(EduRegisters.DmaCount, (ulong)length);
        registers.WriteUInt64(EduRegisters.DmaCommand, EduRegisters.DmaRun | command);
        bool done = Until(() => (registers.ReadUInt64(EduRegisters.DmaCommand) & EduRegisters.DmaRun) == 0);
        SysResult<PollEvents> polled = interrupt.Poll(PollEvents.In, 10_000);
        bool raised = polled.IsSuccess && (polled.Value & PollEvents.In) != 0;
        Span<byte> count = stackalloc byte[8];
        if (raised)
        {
            interrupt.Read(count);
        }

        uint status = registers.ReadUInt32(EduRegisters.InterruptStatus);
        registers.WriteUInt32(EduRegisters.InterruptAcknowledge, status);
        return $"done={done} msi={raised} count={MemoryMarshal.Read<ulong>(count)} status=0x{status:x}";
    }

    // INTx through the eventfd: vfio-pci masks the line when it fires (vfio_intx_handler) until the
    // user unmasks it; edu holds the line while its interrupt status is non-zero.
    private static void Intx(ILaneHost host, Transcript t, MappedRegion registers, DeviceFile device)
    {
        using DeviceFile line = DeviceFile.CreateEventFd(host.Kernel).Value;
        t.Step("vfio.set-irqs.intx-eventfd", SetIrqs(device, (uint)(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER), (uint)VFIO_PCI_INTX_IRQ_INDEX, 1, line.Handle.Fd));
        registers.WriteUInt32(EduRegisters.InterruptRaise, 1);
        t.Observe("edu.intx.raise", Events(line));
        registers.WriteUInt32(EduRegisters.InterruptAcknowledge, 1);
        registers.WriteUInt32(EduRegisters.InterruptRaise, 1);
        t.Observe("edu.intx.raise-while-masked", Events(line, timeoutMilliseconds: 200));
        t.Step("vfio.set-irqs.intx-unmask", SetIrqs(device, (uint)(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK), (uint)VFIO_PCI_INTX_IRQ_INDEX, 1, null));
        t.Observe("edu.intx.after-unmask", Events(line));
        registers.WriteUInt32(EduRegisters.InterruptAcknowledge, 1);
        t.Step("vfio.set-irqs.intx-unmask.past-count", SetIrqs(device, (uint)(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK), (uint)VFIO_PCI_INTX_IRQ_INDEX, 2, null));
        t.Step("vfio.set-irqs.intx-disable", SetIrqs(device, (uint)(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER), (uint)VFIO_PCI_INTX_IRQ_INDEX, 0, null));
    }

    private static string Events(DeviceFile eventFd, int timeoutMilliseconds = 10_000)
    {
        SysResult<PollEvents> polled = eventFd.Poll(PollEvents.In, timeoutMilliseconds);
        if (!polled.IsSuccess || (polled.Value & PollEvents.In) == 0)
        {
            return "fired=False";
        }

        Span<byte> count = stackalloc byte[8];
        eventFd.Read(count);
        return $"fired=True count={MemoryMarshal.Read<ulong>(count)}";
    }

    // VFIO_DEVICE_SET_IRQS: count vectors of an index from start, with one eventfd or no data.
    private static SysResult SetIrqs(DeviceFile device, uint flags, uint index, uint count, int? eventFd, uint start = 0)
    {
        Span<byte> set = stackalloc byte[eventFd is null ? 20 : 24];
        MemoryMarshal.Write(set, (uint)set.Length);
        MemoryMarshal.Write(set[4..], flags);
        MemoryMarshal.Write(set[8..], index);
        MemoryMarshal.Write(set[12..], start);
        MemoryMarshal.Write(set[16..], count);
        if (eventFd is int fd)
        {
            MemoryMarshal.Write(set[20..], fd);
        }

        return device.Ioctl(VFIO_DEVICE_SET_IRQS.Value, set);
    }

    private static SysResult SetMsiTrigger(DeviceFile device, int eventFd, uint start = 0) =>
        SetIrqs(device, (uint)(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER), (uint)VFIO_PCI_MSI_IRQ_INDEX, 1, eventFd, start);

    private static SysResult DisableMsi(DeviceFile device) =>
        SetIrqs(device, (uint)(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER), (uint)VFIO_PCI_MSI_IRQ_INDEX, 0, null);

    // The device works on its own clock (a QEMU timer, a simulated firmware thread): poll with a limit.
    private static bool Until(Func<bool> condition)
    {
        long start = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(start) > TimeSpan.FromSeconds(10))
            {
                return false;
            }

            Thread.Sleep(1);
        }

        return true;
    }

    private static SysResult DeviceFd(DeviceFile group, string name)
    {
        byte[] bytes = [.. System.Text.Encoding.ASCII.GetBytes(name), 0];
        return group.Ioctl(VFIO_GROUP_GET_DEVICE_FD.Value, bytes);
    }

    private static void Close(ILaneHost host, SysResult opened)
    {
        if (opened.IsSuccess)
        {
            host.Kernel.Close(opened.Value);
        }
    }

    private static SysResult MapResult(DeviceFile file, nuint length, long offset) => DrmCoreScenario.MapError(file, length, offset);

    // VFIO's requests are _IO(';', n) with an argsz struct: the argument goes as a span, so its extent is known.
    private static SysResult Call<T>(DeviceFile file, in IoctlRequest request, ref T argument) where T : unmanaged =>
        file.Ioctl(request.Value, MemoryMarshal.AsBytes(new Span<T>(ref argument)));
}
