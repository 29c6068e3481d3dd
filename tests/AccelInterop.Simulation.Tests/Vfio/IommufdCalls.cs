using System.Runtime.CompilerServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Tests.Uapi.Vfio;
using static AccelInterop.Simulation.Tests.Uapi.Vfio.Vfio;

namespace AccelInterop.Simulation.Tests.Vfio;

/// <summary>The cdev + iommufd flow of vfio.md §6 through the generated bindings: each call with its whole struct.</summary>
internal static class IommufdCalls
{
    public static (SysResult Result, uint DevId) Bind(DeviceFile cdev, int iommufd)
    {
        var bind = new vfio_device_bind_iommufd { argsz = (uint)Unsafe.SizeOf<vfio_device_bind_iommufd>(), iommufd = iommufd };
        SysResult result = VfioRig.Call(cdev, VFIO_DEVICE_BIND_IOMMUFD, ref bind);
        return (result, bind.out_devid);
    }

    public static (SysResult Result, uint PtId) Attach(DeviceFile cdev, uint ptId)
    {
        var attach = new vfio_device_attach_iommufd_pt { argsz = (uint)Unsafe.SizeOf<vfio_device_attach_iommufd_pt>(), pt_id = ptId };
        SysResult result = VfioRig.Call(cdev, VFIO_DEVICE_ATTACH_IOMMUFD_PT, ref attach);
        return (result, attach.pt_id);
    }

    public static SysResult Detach(DeviceFile cdev)
    {
        var detach = new vfio_device_detach_iommufd_pt { argsz = (uint)Unsafe.SizeOf<vfio_device_detach_iommufd_pt>() };
        return VfioRig.Call(cdev, VFIO_DEVICE_DETACH_IOMMUFD_PT, ref detach);
    }

    public static uint AllocateIoas(DeviceFile iommufd)
    {
        var alloc = new iommu_ioas_alloc { size = (uint)Unsafe.SizeOf<iommu_ioas_alloc>() };
        VfioRig.Call(iommufd, IOMMU_IOAS_ALLOC, ref alloc).ThrowIfError("IOMMU_IOAS_ALLOC");
        return alloc.out_ioas_id;
    }

    public static SysResult Destroy(DeviceFile iommufd, uint id)
    {
        var destroy = new iommu_destroy { size = (uint)Unsafe.SizeOf<iommu_destroy>(), id = id };
        return VfioRig.Call(iommufd, IOMMU_DESTROY, ref destroy);
    }

    public static (SysResult Result, ulong Iova) Map(DeviceFile iommufd, uint ioas, ulong userVa, ulong length, ulong iova, uint flags)
    {
        var map = new iommu_ioas_map
        {
            size = (uint)Unsafe.SizeOf<iommu_ioas_map>(),
            flags = flags,
            ioas_id = ioas,
            user_va = userVa,
            length = length,
            iova = iova,
        };
        SysResult result = VfioRig.Call(iommufd, IOMMU_IOAS_MAP, ref map);
        return (result, map.iova);
    }

    public static (SysResult Result, ulong Length) Unmap(DeviceFile iommufd, uint ioas, ulong iova, ulong length)
    {
        var unmap = new iommu_ioas_unmap { size = (uint)Unsafe.SizeOf<iommu_ioas_unmap>(), ioas_id = ioas, iova = iova, length = length };
        SysResult result = VfioRig.Call(iommufd, IOMMU_IOAS_UNMAP, ref unmap);
        return (result, unmap.length);
    }

    /// <summary>IOAS_IOVA_RANGES with room for <paramref name="room"/> ranges: the result, the count the kernel reports, the alignment, the ranges written.</summary>
    public static unsafe (SysResult Result, uint Count, ulong Alignment, iommu_iova_range[] Ranges) IovaRanges(DeviceFile iommufd, uint ioas, uint room)
    {
        // The command and its array in one buffer, so the array is inside the argument window.
        int head = Unsafe.SizeOf<iommu_ioas_iova_ranges>();
        byte[] buffer = new byte[head + (Unsafe.SizeOf<iommu_iova_range>() * (int)room)];
        fixed (byte* start = buffer)
        {
            ref iommu_ioas_iova_ranges command = ref Unsafe.AsRef<iommu_ioas_iova_ranges>(start);
            command = new iommu_ioas_iova_ranges { size = (uint)head, ioas_id = ioas, num_iovas = room, allowed_iovas = (ulong)(start + head) };
            SysResult result = iommufd.Ioctl(IOMMU_IOAS_IOVA_RANGES.Value, buffer);
            var ranges = new iommu_iova_range[Math.Min(room, command.num_iovas)];
            for (int i = 0; i < ranges.Length; i++)
            {
                ranges[i] = Unsafe.Read<iommu_iova_range>(start + head + (i * Unsafe.SizeOf<iommu_iova_range>()));
            }

            return (result, command.num_iovas, command.out_iova_alignment, ranges);
        }
    }

    public static (SysResult Result, ulong DstIova) Copy(DeviceFile iommufd, uint dst, uint src, ulong srcIova, ulong length, ulong dstIova, uint flags)
    {
        var copy = new iommu_ioas_copy
        {
            size = (uint)Unsafe.SizeOf<iommu_ioas_copy>(),
            flags = flags,
            dst_ioas_id = dst,
            src_ioas_id = src,
            length = length,
            dst_iova = dstIova,
            src_iova = srcIova,
        };
        SysResult result = VfioRig.Call(iommufd, IOMMU_IOAS_COPY, ref copy);
        return (result, copy.dst_iova);
    }

    /// <summary>IOAS_ALLOW_IOVAS with <paramref name="ranges"/> after the command in one buffer (inside the argument window).</summary>
    public static unsafe SysResult AllowIovas(DeviceFile iommufd, uint ioas, params (ulong Start, ulong Last)[] ranges)
    {
        int head = Unsafe.SizeOf<iommu_ioas_allow_iovas>();
        byte[] buffer = new byte[head + (Unsafe.SizeOf<iommu_iova_range>() * ranges.Length)];
        fixed (byte* start = buffer)
        {
            Unsafe.AsRef<iommu_ioas_allow_iovas>(start) = new iommu_ioas_allow_iovas
            {
                size = (uint)head,
                ioas_id = ioas,
                num_iovas = (uint)ranges.Length,
                allowed_iovas = (ulong)(start + head),
            };
            for (int i = 0; i < ranges.Length; i++)
            {
                Unsafe.Write(start + head + (i * Unsafe.SizeOf<iommu_iova_range>()), new iommu_iova_range { start = ranges[i].Start, last = ranges[i].Last });
            }

            return iommufd.Ioctl(IOMMU_IOAS_ALLOW_IOVAS.Value, buffer);
        }
    }

    public static (SysResult Result, iommu_hw_info Info) HwInfo(DeviceFile iommufd, uint devId, ulong dataUptr, uint dataLength, uint flags = 0)
    {
        var info = new iommu_hw_info { size = (uint)Unsafe.SizeOf<iommu_hw_info>(), flags = flags, dev_id = devId, data_len = dataLength, data_uptr = dataUptr };
        SysResult result = VfioRig.Call(iommufd, IOMMU_GET_HW_INFO, ref info);
        return (result, info);
    }

    public static (SysResult Result, uint HwptId) AllocateHwpt(DeviceFile iommufd, uint devId, uint ptId, uint flags = 0, uint dataType = 0, uint dataLength = 0)
    {
        var alloc = new iommu_hwpt_alloc { size = (uint)Unsafe.SizeOf<iommu_hwpt_alloc>(), flags = flags, dev_id = devId, pt_id = ptId, data_type = dataType, data_len = dataLength };
        SysResult result = VfioRig.Call(iommufd, IOMMU_HWPT_ALLOC, ref alloc);
        return (result, alloc.out_hwpt_id);
    }

    /// <summary>IOMMU_VFIO_IOAS: <paramref name="op"/> on the compatibility IOAS; GET answers its id.</summary>
    public static (SysResult Result, uint IoasId) VfioIoas(DeviceFile iommufd, iommufd_vfio_ioas_op op, uint ioas)
    {
        var vfio = new iommu_vfio_ioas { size = (uint)Unsafe.SizeOf<iommu_vfio_ioas>(), ioas_id = ioas, op = (ushort)op };
        SysResult result = VfioRig.Call(iommufd, IOMMU_VFIO_IOAS, ref vfio);
        return (result, vfio.ioas_id);
    }
}
