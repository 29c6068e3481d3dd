using System.Runtime.CompilerServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Vfio;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// A device file (<c>struct vfio_device_file</c>), made by GROUP_GET_DEVICE_FD: the ioctls of
/// <c>vfio_device_fops_unl_ioctl</c> and <c>vfio_pci_core_ioctl</c>, region access by pread/pwrite at
/// <c>index &lt;&lt; 40</c> (the file has FMODE_PREAD|FMODE_PWRITE, as vfio sets), and BAR mmap. It
/// holds the group's file, as the kernel's does, so the group outlives it; its release is the
/// device's close when it is the last.
/// </summary>
public sealed class VfioDeviceFile : IFileOperations
{
    public static readonly ObjectKind DeviceFiles = new("vfio device files");

    private static readonly IoctlTable<VfioDeviceFile, NoIoctlFlags> s_ioctls =
        new IoctlTable<VfioDeviceFile, NoIoctlFlags>(IoctlCopyPolicy.Argsz, (byte)VFIO_BASE)
            .Define<vfio_device_info>(VFIO_DEVICE_GET_INFO,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_device_info i) => ref i.num_irqs), CopyOut: ArgszCopyOut.UpToArgsz),
                static (file, _, ref info, _) => file.GetInfo(ref info))
            .Define<vfio_region_info>(VFIO_DEVICE_GET_REGION_INFO,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_region_info i) => ref i.offset)),
                static (file, _, ref info, _) => file.GetRegionInfo(ref info))
            .Define<vfio_irq_info>(VFIO_DEVICE_GET_IRQ_INFO,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_irq_info i) => ref i.count)),
                static (file, _, ref info, _) => file.GetIrqInfo(ref info))
            .Define<vfio_irq_set>(VFIO_DEVICE_SET_IRQS,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_irq_set s) => ref s.count), CopyOut: ArgszCopyOut.Nothing),
                static (file, caller, ref set, user) => file.SetIrqs(caller, ref set, user))
            .Define(VFIO_DEVICE_RESET, static (file, _, _) => file.Device.Reset())
            .Define<vfio_device_feature>(VFIO_DEVICE_FEATURE,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_device_feature f) => ref f.flags), CopyOut: ArgszCopyOut.Nothing),
                static (file, caller, ref feature, user) => VfioDeviceFeatures.Feature(file.Device, caller, ref feature, user));

    // The proposed series' request, in a table of its own: without the series the number is unknown (-ENOTTY).
    private static readonly IoctlTable<VfioDeviceFile, NoIoctlFlags> s_proposed =
        new IoctlTable<VfioDeviceFile, NoIoctlFlags>(IoctlCopyPolicy.Argsz, (byte)VFIO_BASE)
            .Define<vfio_pci_dmabuf_revoke>(VFIO_DEVICE_PCI_DMABUF_REVOKE,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_pci_dmabuf_revoke r) => ref r.dmabuf_fd), CopyOut: ArgszCopyOut.Nothing),
                static (file, caller, ref revoke, _) => VfioDeviceFeatures.Revoke(file.Device, caller, ref revoke));

    private readonly OpenFile _groupFile;
    private readonly ObjectCounter _counter;

    internal VfioDeviceFile(VfioPciDevice device, OpenFile groupFile)
    {
        Device = device;
        _groupFile = groupFile;
        _counter = device.Kernel.Counts.Counter(DeviceFiles);
        _counter.Add(1);
    }

    public VfioPciDevice Device { get; }

    bool IFileOperations.AllowsPositionalIo => true;

    int IFileOperations.Ioctl(OpenFile file, SimulatedProcess caller, uint command, ulong argument)
    {
        Device.ResumeFromLowPower(); // vfio_device_pm_runtime_get
        int result = s_ioctls.Dispatch(this, caller, command, argument);
        return result == -ENOTTY && Device.Options.DmaBufMmap ? s_proposed.Dispatch(this, caller, command, argument) : result;
    }

    int IFileOperations.Read(OpenFile file, SimulatedProcess caller, Span<byte> destination, long offset) =>
        Device.ReadWrite(offset, destination, write: false);

    int IFileOperations.Write(OpenFile file, SimulatedProcess caller, ReadOnlySpan<byte> source, long offset)
    {
        // The region code reads from the caller's buffer through a copy, as copy_from_user would.
        byte[] copy = source.ToArray();
        return Device.ReadWrite(offset, copy, write: true);
    }

    int IFileOperations.Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping) =>
        Device.Mmap(length, offset, out mapping);

    void IFileOperations.Release(OpenFile file)
    {
        Device.Close();
        _counter.Add(-1);
        Device.Group.DeviceClosed();
        _groupFile.Put();
    }

    // vfio_pci_ioctl_get_info: PCI, RESET when the function can be reset; the models have no info capabilities.
    private int GetInfo(ref vfio_device_info info)
    {
        info.flags = (uint)VFIO_DEVICE_FLAGS_PCI | (Device.ResetWorks ? (uint)VFIO_DEVICE_FLAGS_RESET : 0);
        info.num_regions = VFIO_PCI_NUM_REGIONS;
        info.num_irqs = VFIO_PCI_NUM_IRQS;
        info.cap_offset = 0;
        return 0;
    }

    // vfio_pci_ioctl_get_region_info.
    private int GetRegionInfo(ref vfio_region_info info)
    {
        uint index = info.index;
        if (index >= VFIO_PCI_NUM_REGIONS || index == VFIO_PCI_VGA_REGION_INDEX)
        {
            return -EINVAL; // no device-specific regions; no VGA on the models
        }

        info.offset = (ulong)index << VfioPciDevice.OffsetShift;
        info.cap_offset = 0;
        if (index == VFIO_PCI_CONFIG_REGION_INDEX)
        {
            info.size = Pci.PciConfigSpace.Length;
            info.flags = (uint)(VFIO_REGION_INFO_FLAG.VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG.VFIO_REGION_INFO_FLAG_WRITE);
            return 0;
        }

        info.size = index == VFIO_PCI_ROM_REGION_INDEX ? 0 : Device.Model.BarLength((int)index);
        info.flags = info.size == 0 ? 0 : (uint)(VFIO_REGION_INFO_FLAG.VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG.VFIO_REGION_INFO_FLAG_WRITE |
            (Device.IsBarMmappable((int)index) ? VFIO_REGION_INFO_FLAG.VFIO_REGION_INFO_FLAG_MMAP : 0));
        return 0;
    }

    // vfio_pci_ioctl_get_irq_info: ERR only on PCIe (the models are conventional PCI).
    private int GetIrqInfo(ref vfio_irq_info info)
    {
        if (info.index >= VFIO_PCI_NUM_IRQS || info.index == VFIO_PCI_ERR_IRQ_INDEX)
        {
            return -EINVAL;
        }

        var flags = VFIO_IRQ_INFO.VFIO_IRQ_INFO_EVENTFD;
        flags |= info.index == VFIO_PCI_INTX_IRQ_INDEX
            ? VFIO_IRQ_INFO.VFIO_IRQ_INFO_MASKABLE | VFIO_IRQ_INFO.VFIO_IRQ_INFO_AUTOMASKED
            : VFIO_IRQ_INFO.VFIO_IRQ_INFO_NORESIZE;
        info.flags = (uint)flags;
        info.count = (uint)Device.Interrupts.Count(info.index);
        return 0;
    }

    // vfio_pci_ioctl_set_irqs: vfio_set_irqs_validate_and_prepare, the data (-EFAULT), then the action.
    private int SetIrqs(SimulatedProcess caller, ref vfio_irq_set set, IoctlUserArgument user)
    {
        uint dataMask = (uint)VFIO_IRQ_SET_DATA_TYPE_MASK;
        uint actionMask = (uint)VFIO_IRQ_SET_ACTION_TYPE_MASK;
        if (set.index >= VFIO_PCI_NUM_IRQS || set.count >= uint.MaxValue - set.start || (set.flags & ~(dataMask | actionMask)) != 0)
        {
            return -EINVAL;
        }

        uint max = (uint)Device.Interrupts.Count(set.index);
        if (set.start >= max || set.start + set.count > max)
        {
            return -EINVAL;
        }

        uint dataType = set.flags & dataMask;
        uint elementSize = dataType switch
        {
            (uint)VFIO_IRQ_SET_DATA_NONE => 0,
            (uint)VFIO_IRQ_SET_DATA_BOOL => 1,
            (uint)VFIO_IRQ_SET_DATA_EVENTFD => 4,
            _ => uint.MaxValue,
        };
        if (elementSize == uint.MaxValue)
        {
            return -EINVAL;
        }

        uint minimum = (uint)Unsafe.SizeOf<vfio_irq_set>();
        ulong dataSize = (ulong)set.count * elementSize;
        if (elementSize != 0 && set.argsz - minimum < dataSize)
        {
            return -EINVAL;
        }

        byte[] data = new byte[dataSize];
        if (caller.Memory.CopyArgumentFromUser(data, user.Address + minimum) < 0)
        {
            return -EFAULT;
        }

        return Device.Interrupts.Set(caller, set.index, set.flags & actionMask, set.start, set.count, dataType, data);
    }

    public override string ToString() => $"vfio device file of {Device}";
}
