using System.Runtime.CompilerServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Iommufd;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Vfio;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// A device file (<c>struct vfio_device_file</c>): the ioctls of <c>vfio_device_fops_unl_ioctl</c> and
/// <c>vfio_pci_core_ioctl</c>, region access by pread/pwrite at <c>index &lt;&lt; 40</c> (the file has
/// FMODE_PREAD|FMODE_PWRITE, as vfio sets), and BAR mmap. Made by GROUP_GET_DEVICE_FD, it holds the
/// group's file, as the kernel's does, so the group outlives it. Opened on the device's cdev node it
/// has no group and grants nothing (-EINVAL) until BIND_IOMMUFD (<c>device_cdev.c</c>), which holds the
/// iommufd's file; then ATTACH/DETACH_IOMMUFD_PT choose the page table the device's DMA goes through.
/// Its release is the device's close when it is the last.
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
                static (file, caller, ref info, user) => file.GetRegionInfo(caller, ref info, user))
            .Define<vfio_irq_info>(VFIO_DEVICE_GET_IRQ_INFO,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_irq_info i) => ref i.count)),
                static (file, _, ref info, _) => file.GetIrqInfo(ref info))
            .Define<vfio_irq_set>(VFIO_DEVICE_SET_IRQS,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_irq_set s) => ref s.count), CopyOut: ArgszCopyOut.Nothing),
                static (file, caller, ref set, user) => file.SetIrqs(caller, ref set, user))
            .Define(VFIO_DEVICE_RESET, static (file, _, _) => file.Device.Reset())
            .Define<vfio_pci_hot_reset_info>(VFIO_DEVICE_GET_PCI_HOT_RESET_INFO,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_pci_hot_reset_info i) => ref i.count), CopyOut: ArgszCopyOut.Nothing),
                static (file, caller, ref info, user) => VfioPciHotReset.Info(file, caller, ref info, user))
            .Define<vfio_pci_hot_reset>(VFIO_DEVICE_PCI_HOT_RESET,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_pci_hot_reset r) => ref r.count), CopyOut: ArgszCopyOut.Nothing),
                static (file, caller, ref reset, user) => VfioPciHotReset.Reset(file, caller, ref reset, user))
            .Define<vfio_device_ioeventfd>(VFIO_DEVICE_IOEVENTFD,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_device_ioeventfd e) => ref e.fd), CopyOut: ArgszCopyOut.Nothing),
                static (file, caller, ref ioeventfd, _) => file.SetIoeventfd(caller, ref ioeventfd))
            .Define<vfio_device_feature>(VFIO_DEVICE_FEATURE,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_device_feature f) => ref f.flags), CopyOut: ArgszCopyOut.Nothing),
                static (file, caller, ref feature, user) => VfioDeviceFeatures.Feature(file.Device, caller, ref feature, user));

    // The proposed series' request, in a table of its own: without the series the number is unknown (-ENOTTY).
    private static readonly IoctlTable<VfioDeviceFile, NoIoctlFlags> s_proposed =
        new IoctlTable<VfioDeviceFile, NoIoctlFlags>(IoctlCopyPolicy.Argsz, (byte)VFIO_BASE)
            .Define<vfio_pci_dmabuf_revoke>(VFIO_DEVICE_PCI_DMABUF_REVOKE,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_pci_dmabuf_revoke r) => ref r.dmabuf_fd), CopyOut: ArgszCopyOut.Nothing),
                static (file, caller, ref revoke, _) => VfioDeviceFeatures.Revoke(file.Device, caller, ref revoke));

    // The cdev path's own requests: BIND before anything, ATTACH/DETACH once bound.
    private static readonly IoctlTable<VfioDeviceFile, NoIoctlFlags> s_cdev =
        new IoctlTable<VfioDeviceFile, NoIoctlFlags>(IoctlCopyPolicy.Argsz, (byte)VFIO_BASE)
            .Define<vfio_device_bind_iommufd>(VFIO_DEVICE_BIND_IOMMUFD,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_device_bind_iommufd b) => ref b.out_devid), ArgszTail.MustBeZero),
                static (file, caller, ref bind, _) => file.BindIommufd(caller, ref bind))
            .Define<vfio_device_attach_iommufd_pt>(VFIO_DEVICE_ATTACH_IOMMUFD_PT,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_device_attach_iommufd_pt a) => ref a.pt_id)),
                static (file, _, ref attach, _) => file.AttachPagetable(ref attach))
            .Define<vfio_device_detach_iommufd_pt>(VFIO_DEVICE_DETACH_IOMMUFD_PT,
                new ArgszRule(ArgszRule.OffsetOfEnd(static (ref vfio_device_detach_iommufd_pt d) => ref d.flags), CopyOut: ArgszCopyOut.Nothing),
                static (file, _, ref detach, _) => file.DetachPagetable(ref detach));

    private readonly Lock _bindLock = new();
    private readonly OpenFile? _groupFile;
    private readonly ObjectCounter _counter;
    private OpenFile? _iommufdFile;
    private IommufdDevice? _bound;
    private bool _accessGranted;

    internal VfioDeviceFile(VfioPciDevice device, OpenFile? groupFile)
    {
        Device = device;
        _groupFile = groupFile;
        _accessGranted = groupFile is not null; // a group's device file is open already; a cdev's waits for BIND
        _counter = device.Kernel.Counts.Counter(DeviceFiles);
        _counter.Add(1);
    }

    public VfioPciDevice Device { get; }

    /// <summary>Opened on the cdev node (no group).</summary>
    public bool IsCdev => _groupFile is null;

    /// <summary>The device's id in its iommufd once bound (BIND_IOMMUFD's out_devid).</summary>
    public IommufdDevice? IommufdDevice => Volatile.Read(ref _bound);

    private bool AccessGranted => Volatile.Read(ref _accessGranted);

    bool IFileOperations.AllowsPositionalIo => true;

    int IFileOperations.Ioctl(OpenFile file, SimulatedProcess caller, uint command, ulong argument)
    {
        // vfio_device_fops_unl_ioctl: BIND first; nothing else before access is granted; the cdev-only pair.
        if (command == (uint)VFIO_DEVICE_BIND_IOMMUFD.Value)
        {
            return s_cdev.Dispatch(this, caller, command, argument);
        }

        if (!AccessGranted)
        {
            return -EINVAL;
        }

        Device.ResumeFromLowPower(); // vfio_device_pm_runtime_get
        if (IsCdev && (command == (uint)VFIO_DEVICE_ATTACH_IOMMUFD_PT.Value || command == (uint)VFIO_DEVICE_DETACH_IOMMUFD_PT.Value))
        {
            return s_cdev.Dispatch(this, caller, command, argument);
        }

        int result = s_ioctls.Dispatch(this, caller, command, argument);
        return result == -ENOTTY && Device.Options.DmaBufMmap ? s_proposed.Dispatch(this, caller, command, argument) : result;
    }

    int IFileOperations.Read(OpenFile file, SimulatedProcess caller, Span<byte> destination, long offset) =>
        AccessGranted ? Device.ReadWrite(offset, destination, write: false) : -EINVAL;

    int IFileOperations.Write(OpenFile file, SimulatedProcess caller, ReadOnlySpan<byte> source, long offset)
    {
        if (!AccessGranted)
        {
            return -EINVAL;
        }

        // The region code reads from the caller's buffer through a copy, as copy_from_user would.
        byte[] copy = source.ToArray();
        return Device.ReadWrite(offset, copy, write: true);
    }

    int IFileOperations.Mmap(OpenFile file, SimulatedProcess caller, nuint length, MemoryProtection protection, long offset, out MemoryMapping? mapping)
    {
        mapping = null;
        return AccessGranted ? Device.Mmap(length, offset, out mapping) : -EINVAL;
    }

    void IFileOperations.Release(OpenFile file)
    {
        if (_groupFile is not null)
        {
            Device.Close();
            Device.Group.DeviceClosed();
            _groupFile.Put();
        }
        else if (AccessGranted)
        {
            // vfio_df_unbind_iommufd: the device closes, leaves the iommufd, and the group may open again.
            Device.Close();
            Device.CdevOpened = false;
            _bound!.Context.Unbind(_bound);
            _iommufdFile!.Put();
            Device.Group.UnblockForCdev();
        }

        _counter.Add(-1);
    }

    // vfio_pci_ioctl_ioeventfd: only size flags, exactly one size, fd from -1 on (-EINVAL); then vfio_pci_ioeventfd.
    private int SetIoeventfd(SimulatedProcess caller, ref vfio_device_ioeventfd ioeventfd)
    {
        uint sizeMask = (uint)VFIO_DEVICE_IOEVENTFD_SIZE_MASK;
        uint count = ioeventfd.flags & sizeMask;
        if ((ioeventfd.flags & ~sizeMask) != 0 || System.Numerics.BitOperations.PopCount(count) != 1 || ioeventfd.fd < -1)
        {
            return -EINVAL;
        }

        return Device.Ioeventfds.Set(caller, ioeventfd.offset, ioeventfd.data, (int)count, ioeventfd.fd);
    }

    // vfio_df_ioctl_bind_iommufd, in its order: the fd and flags (-EINVAL), a group's file (-EINVAL), the group
    // closed (-EBUSY), bound once (-EINVAL), the VF token, the iommufd (-EBADF, -EBADFD), the device's one cdev
    // open (-EINVAL); success writes the devid.
    private int BindIommufd(SimulatedProcess caller, ref vfio_device_bind_iommufd bind)
    {
        if (bind.iommufd < 0 || (bind.flags & ~(uint)VFIO_DEVICE_BIND_FLAG_TOKEN) != 0 || !IsCdev)
        {
            return -EINVAL;
        }

        int blocked = Device.Group.BlockForCdev();
        if (blocked < 0)
        {
            return blocked;
        }

        int result;
        lock (_bindLock)
        {
            result = BindLocked(caller, ref bind);
        }

        if (result < 0)
        {
            Device.Group.UnblockForCdev();
        }

        return result;
    }

    private int BindLocked(SimulatedProcess caller, ref vfio_device_bind_iommufd bind)
    {
        if (AccessGranted)
        {
            return -EINVAL;
        }

        // vfio_pci_core_match_token_uuid: the models are neither a VF nor a PF with VFs, so a token is refused
        // (after it is read).
        if ((bind.flags & (uint)VFIO_DEVICE_BIND_FLAG_TOKEN) != 0)
        {
            Span<byte> uuid = stackalloc byte[16];
            return caller.Memory.CopyFromUser(uuid, bind.token_uuid_ptr) < 0 ? -EFAULT : -EINVAL;
        }

        if (caller.GetFile(bind.iommufd) is not OpenFile iommufdFile)
        {
            return -EBADF;
        }

        if (iommufdFile.Operations is not IommufdContext context)
        {
            iommufdFile.Put();
            return -EBADFD;
        }

        int opened = Device.Open(cdev: true);
        if (opened < 0)
        {
            iommufdFile.Put();
            return opened;
        }

        IommufdDevice bound = context.Bind(Device);
        bind.out_devid = bound.Id;
        _iommufdFile = iommufdFile;
        Volatile.Write(ref _bound, bound);
        Device.CdevOpened = true;
        Volatile.Write(ref _accessGranted, true);
        return 0;
    }

    // vfio_df_ioctl_attach_pt: flags (-EINVAL); a PASID needs argsz for it and a function with PASID support, which
    // the models lack (-EOPNOTSUPP); otherwise vfio_iommufd_physical_attach_ioas attaches or replaces, and the
    // page table's id (an IOAS's automatic one) goes back in pt_id.
    private int AttachPagetable(ref vfio_device_attach_iommufd_pt attach)
    {
        uint pasid = (uint)VFIO_DEVICE_ATTACH_PASID;
        if ((attach.flags & ~pasid) != 0)
        {
            return -EINVAL;
        }

        if ((attach.flags & pasid) != 0)
        {
            return attach.argsz < ArgszRule.OffsetOfEnd(static (ref vfio_device_attach_iommufd_pt a) => ref a.pasid) ? -EINVAL : -EOPNOTSUPP;
        }

        lock (_bindLock)
        {
            return _bound!.Context.Attach(_bound, ref attach.pt_id);
        }
    }

    // vfio_df_ioctl_detach_pt: flags (-EINVAL); a PASID that was never attached is nothing to do; otherwise the
    // device leaves its page table (not attached: nothing to do either).
    private int DetachPagetable(ref vfio_device_detach_iommufd_pt detach)
    {
        uint pasid = (uint)VFIO_DEVICE_DETACH_PASID;
        if ((detach.flags & ~pasid) != 0)
        {
            return -EINVAL;
        }

        if ((detach.flags & pasid) != 0)
        {
            return detach.argsz < ArgszRule.OffsetOfEnd(static (ref vfio_device_detach_iommufd_pt d) => ref d.pasid) ? -EINVAL : 0;
        }

        lock (_bindLock)
        {
            _bound!.Context.Detach(_bound);
        }

        return 0;
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

    // vfio_get_region_info with vfio_pci_ioctl_get_region_info: the region, then its capability chain (an
    // mmappable BAR holding the MSI-X table says so with MSIX_MAPPABLE: the whole BAR may be mapped).
    private int GetRegionInfo(SimulatedProcess caller, ref vfio_region_info info, IoctlUserArgument user)
    {
        var caps = new VfioInfoCapabilities();
        int result = DescribeRegion(ref info, caps);
        if (result < 0)
        {
            return result;
        }

        if (caps.Place(caller, user.Address, Unsafe.SizeOf<vfio_region_info>(), ref info.argsz, out info.cap_offset, out result))
        {
            info.flags |= (uint)VFIO_REGION_INFO_FLAG.VFIO_REGION_INFO_FLAG_CAPS;
        }

        return result;
    }

    private int DescribeRegion(ref vfio_region_info info, VfioInfoCapabilities caps)
    {
        uint index = info.index;
        if (index >= VFIO_PCI_NUM_REGIONS || index == VFIO_PCI_VGA_REGION_INDEX)
        {
            return -EINVAL; // no device-specific regions; no VGA on the models
        }

        const uint ReadWrite = (uint)(VFIO_REGION_INFO_FLAG.VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG.VFIO_REGION_INFO_FLAG_WRITE);
        info.offset = (ulong)index << VfioPciDevice.OffsetShift;
        info.cap_offset = 0;
        switch (index)
        {
            case VFIO_PCI_CONFIG_REGION_INDEX:
                info.size = Pci.PciConfigSpace.Length;
                info.flags = ReadWrite;
                break;
            case VFIO_PCI_ROM_REGION_INDEX:
                // The window's size when pci_map_rom finds a valid image, else nothing (size and flags 0).
                bool valid = VfioPciRom.ImageSize(Device.Model) != 0;
                info.size = valid ? VfioPciRom.WindowLength(Device.Model) : 0;
                info.flags = valid ? (uint)VFIO_REGION_INFO_FLAG.VFIO_REGION_INFO_FLAG_READ : 0;
                break;
            default:
                info.size = Device.Model.BarLength((int)index);
                info.flags = info.size == 0 ? 0 : ReadWrite;
                if (info.size != 0 && Device.IsBarMmappable((int)index))
                {
                    info.flags |= (uint)VFIO_REGION_INFO_FLAG.VFIO_REGION_INFO_FLAG_MMAP;
                    if ((int)index == Device.Config.MsixBar)
                    {
                        caps.Add(VfioInfoCapabilities.Header(VFIO_REGION_INFO_CAP_MSIX_MAPPABLE, 1));
                    }
                }

                break;
        }

        return 0;
    }

    // vfio_pci_ioctl_get_irq_info: ERR only on PCIe (the models are conventional PCI); MSI-X resizes (dynamic MSI-X)
    // on a function with the capability.
    private int GetIrqInfo(ref vfio_irq_info info)
    {
        if (info.index >= VFIO_PCI_NUM_IRQS || info.index == VFIO_PCI_ERR_IRQ_INDEX)
        {
            return -EINVAL;
        }

        var flags = VFIO_IRQ_INFO.VFIO_IRQ_INFO_EVENTFD;
        flags |= info.index switch
        {
            VFIO_PCI_INTX_IRQ_INDEX => VFIO_IRQ_INFO.VFIO_IRQ_INFO_MASKABLE | VFIO_IRQ_INFO.VFIO_IRQ_INFO_AUTOMASKED,
            VFIO_PCI_MSIX_IRQ_INDEX when Device.Config.MsixBar >= 0 => default(VFIO_IRQ_INFO), // has_dyn_msix needs an MSI-X capability
            _ => VFIO_IRQ_INFO.VFIO_IRQ_INFO_NORESIZE,
        };
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
