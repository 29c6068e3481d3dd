using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Vfio;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// GET_PCI_HOT_RESET_INFO and PCI_HOT_RESET (<c>vfio_pci_core.c</c>) for a function that is alone on its
/// bus, as the models are: on the root bus nothing can reset the bus (-ENODEV, as <c>pci_probe_reset_bus</c>
/// answers there); on a secondary bus the one dependent device is the function itself.
/// </summary>
internal static class VfioPciHotReset
{

    // vfio_pci_ioctl_get_pci_hot_reset_info: a header the array does not fit gets the count and -ENOSPC; the
    // group path reports the group id, the cdev path the devid with DEV_ID | DEV_ID_OWNED.
    public static int Info(VfioDeviceFile file, SimulatedProcess caller, ref vfio_pci_hot_reset_info info, IoctlUserArgument user)
    {
        VfioPciDevice device = file.Device;
        info.flags = 0;
        if (device.Address.IsRootBus)
        {
            return -ENODEV;
        }

        const uint count = 1;
        int header = Unsafe.SizeOf<vfio_pci_hot_reset_info>();
        if (count > (info.argsz - (uint)header) / (uint)Unsafe.SizeOf<vfio_pci_dependent_device>())
        {
            info.count = count;
            return CopyHeader(caller, user, ref info) ?? -ENOSPC;
        }

        var dependent = new vfio_pci_dependent_device { segment = device.Address.Segment, bus = device.Address.Bus, devfn = device.Address.DevFn };
        uint flags = 0;
        if (device.CdevOpened)
        {
            flags = (uint)(VFIO_PCI_HOT_RESET_FLAG_DEV_ID | VFIO_PCI_HOT_RESET_FLAG_DEV_ID_OWNED);
            dependent.devid = file.IommufdDevice?.Id ?? 0;
        }
        else
        {
            dependent.group_id = (uint)device.Group.Id;
        }

        if (caller.Memory.CopyArgumentToUser(user.Address + (ulong)header, MemoryMarshal.AsBytes(new ReadOnlySpan<vfio_pci_dependent_device>(ref dependent))) < 0)
        {
            return -EFAULT;
        }

        info.count = count;
        info.flags = flags;
        return CopyHeader(caller, user, ref info) ?? 0;
    }

    // vfio_pci_ioctl_pci_hot_reset: no flags; group fds exactly when the device is not opened through its cdev
    // (-EINVAL); a bus to reset (-ENODEV); then the fds: no more than the devices to reset (-EINVAL), readable
    // (-EFAULT), open (-EBADF), groups (-EINVAL), and one of them the device's (-EINVAL).
    public static int Reset(VfioDeviceFile file, SimulatedProcess caller, ref vfio_pci_hot_reset reset, IoctlUserArgument user)
    {
        VfioPciDevice device = file.Device;
        if (reset.flags != 0 || (reset.count != 0) == device.CdevOpened)
        {
            return -EINVAL;
        }

        if (device.Address.IsRootBus)
        {
            return -ENODEV;
        }

        if (reset.count != 0)
        {
            int owned = GroupsOwn(device, caller, reset.count, user.Address + (ulong)Unsafe.SizeOf<vfio_pci_hot_reset>());
            if (owned < 0)
            {
                return owned;
            }
        }

        // The cdev path: the device is bound to the caller's iommufd, so it is owned.
        device.HotReset();
        return 0;
    }

    private static int GroupsOwn(VfioPciDevice device, SimulatedProcess caller, uint count, ulong address)
    {
        const uint devices = 1;
        if (count > devices)
        {
            return -EINVAL;
        }

        Span<int> fds = stackalloc int[(int)count];
        if (caller.Memory.CopyArgumentFromUser(MemoryMarshal.AsBytes(fds), address) < 0)
        {
            return -EFAULT;
        }

        bool owned = false;
        foreach (int fd in fds)
        {
            if (caller.GetFile(fd) is not OpenFile groupFile)
            {
                return -EBADF;
            }

            try
            {
                if (groupFile.Operations is not VfioGroup group)
                {
                    return -EINVAL;
                }

                owned |= group == device.Group;
            }
            finally
            {
                groupFile.Put();
            }
        }

        return owned ? 0 : -EINVAL;
    }

    private static int? CopyHeader(SimulatedProcess caller, IoctlUserArgument user, ref vfio_pci_hot_reset_info info)
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<vfio_pci_hot_reset_info>(in info));
        return caller.Memory.CopyArgumentToUser(user.Address, bytes) < 0 ? -EFAULT : null;
    }
}
