using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Iommufd;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Vfio;
using AccelInterop.Simulation.Vfio;
using AccelInterop.Simulation.Vfio.Pci;
using static AccelInterop.Simulation.Tests.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Tests.Vfio;

/// <summary>
/// A simulated kernel with VFIO loaded and QEMU's edu (or another model) bound to vfio-pci as 0000:00:04.0 in group 0,
/// its cdev /dev/vfio/devices/vfio0 beside /dev/iommu, firmware inline (deterministic), and one process; helpers speak the uAPI through the generated bindings.
/// </summary>
internal sealed unsafe class VfioRig : IDisposable
{
    public const string EduName = "0000:00:04.0";

    public VfioRig(VfioPciOptions? options = null, int dmaEntryLimit = 65535, string name = EduName, IPciDevice? model = null)
    {
        Kernel = new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Inline });
        Vfio = VfioSubsystem.Load(Kernel, dmaEntryLimit);
        IommufdSubsystem.Load(Kernel);
        Model = model ?? new EduDevice();
        Device = Vfio.AddPciDevice(Model, name, options);
        Process = Kernel.CreateProcess("vfio user");
    }

    public SimulatedKernel Kernel { get; }
    public VfioSubsystem Vfio { get; }

    /// <summary>The function bound to vfio-pci: edu unless the test gave another model.</summary>
    public IPciDevice Model { get; }

    public EduDevice Edu => (EduDevice)Model;
    public VfioPciDevice Device { get; }
    public SimulatedProcess Process { get; }

    public string GroupPath => Device.Group.Path;

    /// <summary>The legacy flow up to SET_IOMMU(TYPE1v2): container and group, attached.</summary>
    public (DeviceFile Container, DeviceFile Group) OpenContainerAndGroup(SimulatedProcess? process = null)
    {
        process ??= Process;
        DeviceFile container = DeviceFile.Open(process, VfioSubsystem.ContainerPath).ThrowIfError();
        DeviceFile group = DeviceFile.Open(process, GroupPath).ThrowIfError();
        SetContainer(group, container.Handle.Fd).ThrowIfError("VFIO_GROUP_SET_CONTAINER");
        container.Ioctl(VFIO_SET_IOMMU.Value, (void*)(nint)VFIO_TYPE1v2_IOMMU).ThrowIfError("VFIO_SET_IOMMU");
        return (container, group);
    }

    /// <summary>The device file of edu, through the whole legacy flow.</summary>
    public (DeviceFile Container, DeviceFile Group, DeviceFile Device) OpenAll(SimulatedProcess? process = null)
    {
        (DeviceFile container, DeviceFile group) = OpenContainerAndGroup(process);
        DeviceFile device = Wrap(process ?? Process, GetDeviceFd(group, Device.Name).ThrowIfError("VFIO_GROUP_GET_DEVICE_FD"));
        return (container, group, device);
    }

    public static DeviceFile Wrap(SimulatedProcess process, int fd) => new(new SafeFileDescriptor(process, fd));

    // A span carries the argument's extent: the kernel may copy inside it (a raw pointer must point into registered memory).
    public static SysResult Call<T>(DeviceFile file, in IoctlRequest request, ref T argument) where T : unmanaged =>
        file.Ioctl(request.Value, MemoryMarshal.AsBytes(new Span<T>(ref argument)));

    public static SysResult SetContainer(DeviceFile group, int fd) => Call(group, VFIO_GROUP_SET_CONTAINER, ref fd);

    public static SysResult GetDeviceFd(DeviceFile group, string name)
    {
        byte[] text = [.. Encoding.ASCII.GetBytes(name), 0];
        return group.Ioctl(VFIO_GROUP_GET_DEVICE_FD.Value, text);
    }

    public static SysResult Map(DeviceFile container, ulong iova, ulong vaddr, ulong size, uint flags = 3)
    {
        var map = new vfio_iommu_type1_dma_map
        {
            argsz = (uint)Unsafe.SizeOf<vfio_iommu_type1_dma_map>(),
            flags = flags,
            vaddr = vaddr,
            iova = iova,
            size = size,
        };
        return Call(container, VFIO_IOMMU_MAP_DMA, ref map);
    }

    public static (SysResult Result, ulong Size) Unmap(DeviceFile container, ulong iova, ulong size, uint flags = 0)
    {
        var unmap = new vfio_iommu_type1_dma_unmap { argsz = (uint)Unsafe.SizeOf<vfio_iommu_type1_dma_unmap>(), flags = flags, iova = iova, size = size };
        SysResult result = Call(container, VFIO_IOMMU_UNMAP_DMA, ref unmap);
        return (result, unmap.size);
    }

    public static long RegionOffset(uint index) => (long)index << 40;

    /// <summary>GET_REGION_INFO with <paramref name="argsz"/> in a buffer of that size (at least the struct): the struct and the bytes after it.</summary>
    public static (SysResult Result, vfio_region_info Info, byte[] Buffer) RegionInfo(DeviceFile device, uint index, uint argsz = 32)
    {
        byte[] buffer = new byte[Math.Max(argsz, (uint)Unsafe.SizeOf<vfio_region_info>())];
        var request = new vfio_region_info { argsz = argsz, index = index };
        MemoryMarshal.Write(buffer, in request);
        SysResult result = device.Ioctl(VFIO_DEVICE_GET_REGION_INFO.Value, buffer);
        return (result, MemoryMarshal.Read<vfio_region_info>(buffer), buffer);
    }

    /// <summary>VFIO_DEVICE_IOEVENTFD.</summary>
    public static SysResult Ioeventfd(DeviceFile device, uint flags, long offset, ulong data, int fd, uint argsz = 32)
    {
        var request = new vfio_device_ioeventfd { argsz = argsz, flags = flags, offset = (ulong)offset, data = data, fd = fd };
        return Call(device, VFIO_DEVICE_IOEVENTFD, ref request);
    }

    public static uint ReadRegion32(DeviceFile device, uint index, long offset)
    {
        Span<byte> value = stackalloc byte[4];
        Assert.Equal(4, device.ReadAt(value, RegionOffset(index) + offset).ThrowIfError("pread"));
        return BitConverter.ToUInt32(value);
    }

    public static void WriteRegion32(DeviceFile device, uint index, long offset, uint value) =>
        Assert.Equal(4, device.WriteAt(BitConverter.GetBytes(value), RegionOffset(index) + offset).ThrowIfError("pwrite"));

    public static void WriteRegion64(DeviceFile device, uint index, long offset, ulong value) =>
        Assert.Equal(8, device.WriteAt(BitConverter.GetBytes(value), RegionOffset(index) + offset).ThrowIfError("pwrite"));

    /// <summary>Sets COMMAND.MASTER through the config region, as a user-space driver does before its device may DMA or send an MSI.</summary>
    public static void EnableBusMaster(DeviceFile device) =>
        WriteCommand(device, (ushort)(ReadRegion32(device, VFIO_PCI_CONFIG_REGION_INDEX, PciConfigSpace.Command) | PciConfigSpace.CommandMaster));

    /// <summary>One edu DMA: source, destination, count, then <paramref name="command"/>; returns once the run bit clears.</summary>
    public static void EduDma(MappedRegion bar, ulong source, ulong destination, ulong count, ulong command)
    {
        bar.WriteUInt64((nuint)EduDevice.RegisterDmaSource, source);
        bar.WriteUInt64((nuint)EduDevice.RegisterDmaDestination, destination);
        bar.WriteUInt64((nuint)EduDevice.RegisterDmaCount, count);
        bar.WriteUInt64((nuint)EduDevice.RegisterDmaCommand, command);
        while ((bar.ReadUInt64((nuint)EduDevice.RegisterDmaCommand) & EduDevice.DmaRun) != 0)
        {
        }
    }

    /// <summary>Writes COMMAND through the config region (2 bytes).</summary>
    public static void WriteCommand(DeviceFile device, ushort command) =>
        Assert.Equal(2, device.WriteAt(BitConverter.GetBytes(command), RegionOffset(VFIO_PCI_CONFIG_REGION_INDEX) + PciConfigSpace.Command).ThrowIfError("pwrite COMMAND"));

    /// <summary>VFIO_DEVICE_FEATURE with <paramref name="flags"/> and a payload; the payload as the kernel left it.</summary>
    public static SysResult Feature(DeviceFile device, uint flags, Span<byte> payload)
    {
        byte[] buffer = new byte[8 + payload.Length];
        BitConverter.TryWriteBytes(buffer.AsSpan(0), (uint)buffer.Length);
        BitConverter.TryWriteBytes(buffer.AsSpan(4), flags);
        payload.CopyTo(buffer.AsSpan(8));
        SysResult result = device.Ioctl(VFIO_DEVICE_FEATURE.Value, buffer);
        buffer.AsSpan(8).CopyTo(payload);
        return result;
    }

    /// <summary>FEATURE(GET | DMA_BUF) over BAR <paramref name="bar"/> ranges; the new dma-buf fd.</summary>
    public static SysResult ExportDmaBuf(DeviceFile device, uint bar, params (ulong Offset, ulong Length)[] ranges) =>
        ExportDmaBuf(device, bar, 0, (uint)(OpenFlags.ReadWrite | OpenFlags.CloseOnExec), ranges);

    public static SysResult ExportDmaBuf(DeviceFile device, uint bar, uint flags, uint openFlags, params (ulong Offset, ulong Length)[] ranges)
    {
        byte[] payload = new byte[16 + (16 * ranges.Length)];
        BitConverter.TryWriteBytes(payload.AsSpan(0), bar);
        BitConverter.TryWriteBytes(payload.AsSpan(4), openFlags);
        BitConverter.TryWriteBytes(payload.AsSpan(8), flags);
        BitConverter.TryWriteBytes(payload.AsSpan(12), (uint)ranges.Length);
        for (int i = 0; i < ranges.Length; i++)
        {
            BitConverter.TryWriteBytes(payload.AsSpan(16 + (16 * i)), ranges[i].Offset);
            BitConverter.TryWriteBytes(payload.AsSpan(24 + (16 * i)), ranges[i].Length);
        }

        return Feature(device, (uint)(VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_DMA_BUF), payload);
    }

    /// <summary>SET_IRQS with eventfd data.</summary>
    public static SysResult SetIrqEventFds(DeviceFile device, uint index, uint start, params int[] fds)
    {
        byte[] buffer = new byte[20 + (4 * fds.Length)];
        BitConverter.TryWriteBytes(buffer.AsSpan(0), (uint)buffer.Length);
        BitConverter.TryWriteBytes(buffer.AsSpan(4), (uint)(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER));
        BitConverter.TryWriteBytes(buffer.AsSpan(8), index);
        BitConverter.TryWriteBytes(buffer.AsSpan(12), start);
        BitConverter.TryWriteBytes(buffer.AsSpan(16), (uint)fds.Length);
        for (int i = 0; i < fds.Length; i++)
        {
            BitConverter.TryWriteBytes(buffer.AsSpan(20 + (4 * i)), fds[i]);
        }

        return device.Ioctl(VFIO_DEVICE_SET_IRQS.Value, buffer);
    }

    /// <summary>SET_IRQS without eventfd data (NONE or BOOL).</summary>
    public static SysResult SetIrqs(DeviceFile device, uint flags, uint index, uint start, uint count, params byte[] data)
    {
        byte[] buffer = new byte[20 + data.Length];
        BitConverter.TryWriteBytes(buffer.AsSpan(0), (uint)buffer.Length);
        BitConverter.TryWriteBytes(buffer.AsSpan(4), flags);
        BitConverter.TryWriteBytes(buffer.AsSpan(8), index);
        BitConverter.TryWriteBytes(buffer.AsSpan(12), start);
        BitConverter.TryWriteBytes(buffer.AsSpan(16), count);
        data.CopyTo(buffer.AsSpan(20));
        return device.Ioctl(VFIO_DEVICE_SET_IRQS.Value, buffer);
    }

    /// <summary>Reads an eventfd's count (0 when it has none: the read would block, so poll first).</summary>
    public static ulong TakeEvents(DeviceFile eventFd)
    {
        if (eventFd.Poll(PollEvents.In, 0).Value == PollEvents.None)
        {
            return 0;
        }

        Span<byte> count = stackalloc byte[8];
        eventFd.Read(count).ThrowIfError("eventfd read");
        return BitConverter.ToUInt64(count);
    }

    public void Dispose() => Process.Exit();
}
