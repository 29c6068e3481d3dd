using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Vfio;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Vfio;

/// <summary>
/// VFIO_DEVICE_FEATURE on a vfio-pci device (<c>vfio_main.c:vfio_ioctl_device_feature</c>,
/// <c>vfio_pci_core.c:vfio_pci_core_ioctl_feature</c>): the flag checks, then the feature's own
/// <see cref="Check"/> (<c>vfio_check_feature</c>) and handler. Offered: low-power entry (with and
/// without wakeup) and exit, DMA_BUF, and with the proposed series DMA_BUF_MEMATTR. Migration,
/// dirty logging and the VF token need ops vfio-pci has not for these functions: -ENOTTY.
/// </summary>
internal static class VfioDeviceFeatures
{

    /// <summary>DMA_IOVA_USE_SWIOTLB: a dma-buf's total length may not have this bit.</summary>
    private const ulong SwiotlbMarker = 1UL << 63;

    /// <summary>Where the simulated platform places every BAR of a function (the base for the range overflow checks).</summary>
    public const ulong BarBase = 0xfe000000;

    public static int Feature(VfioPciDevice device, SimulatedProcess caller, ref vfio_device_feature feature, IoctlUserArgument user)
    {
        uint known = (uint)(VFIO_DEVICE_FEATURE_MASK | VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_SET | VFIO_DEVICE_FEATURE_PROBE);
        uint both = (uint)(VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_SET);
        if ((feature.flags & ~known) != 0 ||
            ((feature.flags & VFIO_DEVICE_FEATURE_PROBE) == 0 && (feature.flags & both) == both))
        {
            return -EINVAL;
        }

        ulong payload = user.Address + (ulong)Unsafe.SizeOf<vfio_device_feature>();
        uint payloadSize = feature.argsz - (uint)Unsafe.SizeOf<vfio_device_feature>();
        uint flags = feature.flags;
        return (int)(flags & VFIO_DEVICE_FEATURE_MASK) switch
        {
            VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY => LowPowerEntry(device, flags, payloadSize),
            VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY_WITH_WAKEUP => LowPowerEntryWithWakeup(device, caller, flags, payload, payloadSize),
            VFIO_DEVICE_FEATURE_LOW_POWER_EXIT => LowPowerExit(device, flags, payloadSize),
            VFIO_DEVICE_FEATURE_DMA_BUF => ExportDmaBuf(device, caller, flags, payload, payloadSize),
            VFIO_DEVICE_FEATURE_DMA_BUF_MEMATTR when device.Options.DmaBufMmap => MemoryAttribute(device, caller, flags, payload, payloadSize),
            _ => -ENOTTY,
        };
    }

    /// <summary>vfio_check_feature: 1 to go on, 0 for a probe that is answered, or -EINVAL.</summary>
    public static int Check(uint flags, uint payloadSize, int supported, int minimumSize)
    {
        uint requested = flags & (uint)(VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_SET);
        if ((requested & ~(uint)supported) != 0)
        {
            return -EINVAL;
        }

        if ((flags & VFIO_DEVICE_FEATURE_PROBE) != 0)
        {
            return 0;
        }

        return requested == 0 || payloadSize < minimumSize ? -EINVAL : 1;
    }

    /// <summary>VFIO_DEVICE_PCI_DMABUF_REVOKE (proposed series): a dma-buf of this device, revoked for good.</summary>
    public static int Revoke(VfioPciDevice device, SimulatedProcess caller, ref vfio_pci_dmabuf_revoke revoke)
    {
        int found = FindOwnDmaBuf(device, caller, revoke.dmabuf_fd, out VfioPciDmaBuf? exporter, out DmaBuf? buffer);
        if (found < 0)
        {
            return found;
        }

        try
        {
            if (exporter!.Status == VfioDmaBufStatus.PermanentlyRevoked)
            {
                return -EBADFD;
            }

            exporter.Move(revoked: true, permanently: true);
            return 0;
        }
        finally
        {
            buffer!.File.Put();
        }
    }

    private static int LowPowerEntry(VfioPciDevice device, uint flags, uint payloadSize)
    {
        int checkedFeature = Check(flags, payloadSize, VFIO_DEVICE_FEATURE_SET, 0);
        return checkedFeature != 1 ? checkedFeature : device.EnterLowPower(wakeup: null);
    }

    private static int LowPowerEntryWithWakeup(VfioPciDevice device, SimulatedProcess caller, uint flags, ulong payload, uint payloadSize)
    {
        int checkedFeature = Check(flags, payloadSize, VFIO_DEVICE_FEATURE_SET, Unsafe.SizeOf<vfio_device_low_power_entry_with_wakeup>());
        if (checkedFeature != 1)
        {
            return checkedFeature;
        }

        if (CopyIn(caller, payload, out vfio_device_low_power_entry_with_wakeup entry) < 0)
        {
            return -EFAULT;
        }

        if (entry.wakeup_eventfd < 0)
        {
            return -EINVAL;
        }

        int got = EventFdContext.FromDescriptor(caller, entry.wakeup_eventfd, out EventFdContext? wakeup);
        if (got < 0)
        {
            return got;
        }

        int entered = device.EnterLowPower(wakeup);
        if (entered < 0)
        {
            wakeup!.Put();
        }

        return entered;
    }

    private static int LowPowerExit(VfioPciDevice device, uint flags, uint payloadSize)
    {
        int checkedFeature = Check(flags, payloadSize, VFIO_DEVICE_FEATURE_SET, 0);
        if (checkedFeature != 1)
        {
            return checkedFeature;
        }

        device.ExitLowPower();
        return 0;
    }

    // vfio_pci_core_feature_dma_buf, in its order.
    private static int ExportDmaBuf(VfioPciDevice device, SimulatedProcess caller, uint flags, ulong payload, uint payloadSize)
    {
        int checkedFeature = Check(flags, payloadSize, VFIO_DEVICE_FEATURE_GET, Unsafe.SizeOf<vfio_device_feature_dma_buf>());
        if (checkedFeature != 1)
        {
            return checkedFeature;
        }

        if (CopyIn(caller, payload, out vfio_device_feature_dma_buf request) < 0)
        {
            return -EFAULT;
        }

        if (request.nr_ranges == 0 || request.flags != 0)
        {
            return -EINVAL;
        }

        if (request.region_index >= VFIO_PCI_ROM_REGION_INDEX || device.Model.BarLength((int)request.region_index) == 0)
        {
            return -ENODEV;
        }

        // memdup_array_user: past KMALLOC_MAX_SIZE it fails with -ENOMEM before copying.
        if (!Kmalloc.ArrayFits(request.nr_ranges, (ulong)Unsafe.SizeOf<vfio_region_dma_range>()))
        {
            return -ENOMEM;
        }

        var ranges = new vfio_region_dma_range[request.nr_ranges];
        if (caller.Memory.CopyArgumentFromUser(MemoryMarshal.AsBytes(ranges.AsSpan()),
            payload + (ulong)Unsafe.SizeOf<vfio_device_feature_dma_buf>()) < 0)
        {
            return -EFAULT;
        }

        int validated = Validate(ranges, out ulong total);
        if (validated < 0)
        {
            return validated;
        }

        int placed = CheckInsideBar(ranges, device.Model.BarLength((int)request.region_index));
        if (placed < 0)
        {
            return placed;
        }

        var exporter = new VfioPciDmaBuf(device, (int)request.region_index,
            [.. ranges.Select(static range => (range.offset, range.length))],
            live: device.IsMappedMemoryReachable);
        int exported = DmaBuf.Export(device.Kernel, exporter, total, (OpenFlags)request.open_flags, out DmaBuf? buffer);
        if (exported < 0)
        {
            return exported;
        }

        exporter.Buffer = buffer;
        device.Track(exporter);
        int fd = buffer!.Install(caller);
        buffer.File.Put();
        return fd;
    }

    // validate_dmabuf_input: every range non-empty and page aligned, the total without overflow or the SWIOTLB bit.
    private static int Validate(vfio_region_dma_range[] ranges, out ulong total)
    {
        total = 0;
        foreach (vfio_region_dma_range range in ranges)
        {
            if (range.length == 0 || range.offset % Page.Size != 0 || range.length % Page.Size != 0)
            {
                return -EINVAL;
            }

            if (total + range.length < total)
            {
                return -EINVAL;
            }

            total += range.length;
        }

        return (total & SwiotlbMarker) != 0 ? -EINVAL : 0;
    }

    // vfio_pci_core_fill_phys_vec: base + offset (+ length) must not wrap (-EOVERFLOW) nor end past the BAR (-EINVAL).
    private static int CheckInsideBar(vfio_region_dma_range[] ranges, ulong barLength)
    {
        ulong limit = BarBase + barLength;
        foreach (vfio_region_dma_range range in ranges)
        {
            ulong start = BarBase + range.offset;
            if (start < BarBase || start + range.length < start)
            {
                return -EOVERFLOW;
            }

            if (start + range.length > limit)
            {
                return -EINVAL;
            }
        }

        return 0;
    }

    // vfio_pci_core_feature_dma_buf_memattr (proposed series): GET the attribute in force, SET NC or WC.
    private static int MemoryAttribute(VfioPciDevice device, SimulatedProcess caller, uint flags, ulong payload, uint payloadSize)
    {
        int checkedFeature = Check(flags, payloadSize, VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_SET,
            Unsafe.SizeOf<vfio_device_feature_dma_buf_memattr>());
        if (checkedFeature != 1)
        {
            return checkedFeature;
        }

        if (CopyIn(caller, payload, out vfio_device_feature_dma_buf_memattr request) < 0)
        {
            return -EFAULT;
        }

        int found = FindOwnDmaBuf(device, caller, request.dmabuf_fd, out VfioPciDmaBuf? exporter, out DmaBuf? buffer);
        if (found < 0)
        {
            return found;
        }

        try
        {
            uint old = (uint)exporter!.MemoryAttribute;
            if ((flags & VFIO_DEVICE_FEATURE_SET) != 0)
            {
                if (request.memattr > (uint)VfioDmaBufMemoryAttribute.WriteCombining)
                {
                    return -KernelReturn.ENOTSUPP; // the proposed MEMATTR's answer for an unknown attribute
                }

                exporter.MemoryAttribute = (VfioDmaBufMemoryAttribute)request.memattr;
            }

            request.memattr = old;
            return (flags & VFIO_DEVICE_FEATURE_GET) != 0 &&
                caller.Memory.CopyArgumentToUser(payload, MemoryMarshal.AsBytes(new ReadOnlySpan<vfio_device_feature_dma_buf_memattr>(ref request))) < 0
                ? -EFAULT
                : 0;
        }
        finally
        {
            buffer!.File.Put();
        }
    }

    // copy_from_user of a feature's payload struct.
    private static int CopyIn<T>(SimulatedProcess caller, ulong address, out T value) where T : unmanaged
    {
        value = default;
        return caller.Memory.CopyArgumentFromUser(MemoryMarshal.AsBytes(new Span<T>(ref value)), address);
    }

    // dma_buf_get (-EBADF, -EINVAL), then "a vfio-pci dma-buf of this very device" (-ENODEV).
    private static int FindOwnDmaBuf(VfioPciDevice device, SimulatedProcess caller, int fd, out VfioPciDmaBuf? exporter, out DmaBuf? buffer)
    {
        exporter = null;
        int got = DmaBuf.Get(caller, fd, out buffer);
        if (got < 0)
        {
            return got;
        }

        if (buffer!.Exporter is not VfioPciDmaBuf own || own.Device != device)
        {
            buffer.File.Put();
            buffer = null;
            return -ENODEV;
        }

        exporter = own;
        return 0;
    }
}
