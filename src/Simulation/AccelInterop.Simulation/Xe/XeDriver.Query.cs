using System.Buffers.Binary;
using System.Runtime.InteropServices;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Xe;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Xe;

// DEVICE_QUERY (xe.md §2, xe_query.c): every query answers its exact size to size 0 and
// refuses any other size but that one with -EINVAL.
public sealed partial class XeDriver
{
    /// <summary>EU stall sampling rates (xe_eu_stall.c:eu_stall_sampling_rates): 251 × 1..7.</summary>
    private static readonly ulong[] s_euStallRates = [251, 251 * 2, 251 * 3, 251 * 4, 251 * 5, 251 * 6, 251 * 7];

    private static int SizeOf<T>() where T : unmanaged => Marshal.SizeOf<T>();

    private int DeviceQuery(XeFile file, SimulatedProcess caller, ref drm_xe_device_query args)
    {
        if (args.extensions != 0 || args.reserved[0] != 0 || args.reserved[1] != 0)
        {
            return -EINVAL;
        }

        switch (args.query)
        {
            case DRM_XE_DEVICE_QUERY_ENGINE_CYCLES:
                return QueryEngineCycles(caller, ref args);
            case DRM_XE_DEVICE_QUERY_UC_FW_VERSION:
                return QueryUcFwVersion(caller, ref args);
            case DRM_XE_DEVICE_QUERY_PXP_STATUS when !Configuration.HasPxp:
                // xe_pxp_get_readiness_status: -ENODEV without PXP, after the size protocol.
                return TwoStep(caller, ref args, SizeOf<drm_xe_query_pxp_status>(), null, -ENODEV);
            case > DRM_XE_DEVICE_QUERY_EU_STALL:
                return -EINVAL;
        }

        byte[] answer = args.query switch
        {
            DRM_XE_DEVICE_QUERY_ENGINES => Engines(),
            DRM_XE_DEVICE_QUERY_MEM_REGIONS => MemRegions(caller.HasSysAdmin),
            DRM_XE_DEVICE_QUERY_CONFIG => Config(caller.HasSysAdmin),
            DRM_XE_DEVICE_QUERY_GT_LIST => GtList(),
            DRM_XE_DEVICE_QUERY_HWCONFIG => Hwconfig(),
            DRM_XE_DEVICE_QUERY_GT_TOPOLOGY => Topology(),
            DRM_XE_DEVICE_QUERY_OA_UNITS => OaUnits(),
            DRM_XE_DEVICE_QUERY_PXP_STATUS => PxpStatus(),
            _ => EuStall(),
        };
        return TwoStep(caller, ref args, answer.Length, answer, 0);
    }

    // The size protocol, then the answer copied out (fault -> -EFAULT).
    private static int TwoStep(SimulatedProcess caller, ref drm_xe_device_query args, int size, byte[]? answer, int error)
    {
        if (args.size == 0)
        {
            args.size = (uint)size;
            return 0;
        }

        if (args.size != (uint)size)
        {
            return -EINVAL;
        }

        if (error < 0)
        {
            return error;
        }

        return caller.Memory.CopyToUser(args.data, answer!);
    }

    private byte[] Engines()
    {
        IReadOnlyList<XeHwEngine> engines = Configuration.Engines;
        int entry = SizeOf<drm_xe_engine>();
        var bytes = new byte[SizeOf<drm_xe_query_engines>() + engines.Count * entry];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)engines.Count);
        for (int i = 0; i < engines.Count; i++)
        {
            WriteEngine(bytes.AsSpan(SizeOf<drm_xe_query_engines>() + i * entry), engines[i]);
        }

        return bytes;
    }

    private static void WriteEngine(Span<byte> at, XeHwEngine engine)
    {
        var eci = new drm_xe_engine_class_instance { engine_class = (ushort)engine.Class, engine_instance = engine.Instance, gt_id = engine.GtId };
        MemoryMarshal.Write(at, in eci);
    }

    private byte[] MemRegions(bool perfmon)
    {
        int regions = Configuration.IsDiscrete ? 2 : 1;
        int entry = SizeOf<drm_xe_mem_region>();
        int header = SizeOf<drm_xe_query_mem_regions>();
        var bytes = new byte[header + regions * entry];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)regions);
        var system = new drm_xe_mem_region
        {
            mem_class = 0, // DRM_XE_MEM_REGION_CLASS_SYSMEM
            instance = 0,
            min_page_size = (uint)GemObjectPageSize,
            total_size = Configuration.SystemMemorySize,
            used = perfmon ? (ulong)Interlocked.Read(ref _systemUsed) : 0, // only perfmon-capable callers see usage
        };
        MemoryMarshal.Write(bytes.AsSpan(header), in system);
        if (Configuration.IsDiscrete)
        {
            var vram = new drm_xe_mem_region
            {
                mem_class = 1, // DRM_XE_MEM_REGION_CLASS_VRAM
                instance = 1,
                min_page_size = (uint)Configuration.MinAlignment,
                total_size = Configuration.VramSize,
                used = perfmon ? (ulong)Interlocked.Read(ref _vramUsed) : 0,
                cpu_visible_size = Configuration.VisibleVramSize,
                cpu_visible_used = perfmon ? (ulong)Interlocked.Read(ref _visibleVramUsed) : 0,
            };
            MemoryMarshal.Write(bytes.AsSpan(header + entry), in vram);
        }

        return bytes;
    }

    private const ulong GemObjectPageSize = Page.Size;

    /// <summary>The CONFIG query's values (query_config): device/revision, flags, alignment, VA bits, max priority.</summary>
    private byte[] Config(bool sysNice)
    {
        const int parameters = 5;
        var bytes = new byte[SizeOf<drm_xe_query_config>() + parameters * 8];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, parameters);
        Span<ulong> info = MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan(SizeOf<drm_xe_query_config>()));
        info[DRM_XE_QUERY_CONFIG_REV_AND_DEVICE_ID] = Configuration.DeviceId | ((ulong)Configuration.RevisionId << 16);
        ulong flags = DRM_XE_QUERY_CONFIG_FLAG_HAS_LOW_LATENCY | DRM_XE_QUERY_CONFIG_FLAG_HAS_DISABLE_STATE_CACHE_PERF_FIX |
            DRM_XE_QUERY_CONFIG_FLAG_HAS_PURGING_SUPPORT;
        if (Configuration.IsDiscrete)
        {
            flags |= DRM_XE_QUERY_CONFIG_FLAG_HAS_VRAM;
        }

        if (Configuration.GraphicsVersion >= 20)
        {
            flags |= DRM_XE_QUERY_CONFIG_FLAG_HAS_NO_COMPRESSION_HINT;
        }

        if (Configuration.HasUsm)
        {
            flags |= DRM_XE_QUERY_CONFIG_FLAG_HAS_CPU_ADDR_MIRROR;
        }

        info[DRM_XE_QUERY_CONFIG_FLAGS] = flags;
        info[DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT] = Configuration.MinAlignment;
        info[DRM_XE_QUERY_CONFIG_VA_BITS] = (ulong)Configuration.VaBits;
        info[DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY] = MaxPriority(sysNice);
        return bytes;
    }

    /// <summary>xe_exec_queue_device_get_max_priority: HIGH with CAP_SYS_NICE, else NORMAL.</summary>
    internal static ulong MaxPriority(bool sysNice) => sysNice ? 2u : 1u;

    private byte[] GtList()
    {
        int gts = Configuration.GtCount;
        int header = SizeOf<drm_xe_query_gt_list>();
        int entry = SizeOf<drm_xe_gt>();
        var bytes = new byte[header + gts * entry];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)gts);
        // Near memory: VRAM on a discrete part, system memory on an integrated one; far: the other.
        ulong near = Configuration.IsDiscrete ? 0b10u : 0b1u;
        ulong far = Configuration.IsDiscrete ? 0b1u : 0u;
        for (int id = 0; id < gts; id++)
        {
            bool media = id == 1;
            var gt = new drm_xe_gt
            {
                type = (ushort)(media ? DRM_XE_QUERY_GT_TYPE_MEDIA : DRM_XE_QUERY_GT_TYPE_MAIN),
                tile_id = 0,
                gt_id = (ushort)id,
                reference_clock = Configuration.ReferenceClock,
                near_mem_regions = near,
                far_mem_regions = far,
                ip_ver_major = (ushort)Configuration.GraphicsVersion,
                ip_ver_minor = (ushort)(media ? 0 : Configuration.GraphicsRelease),
            };
            MemoryMarshal.Write(bytes.AsSpan(header + id * entry), in gt);
        }

        return bytes;
    }

    /// <summary>
    /// The GuC hwconfig table (a key-length-value list of u32s): a simulated subset — slices,
    /// dual-subslices, EUs per DSS, and the number of the device's engines.
    /// </summary>
    private byte[] Hwconfig()
    {
        uint[] table =
        [
            1, 1, 1, // MAX_SLICES_SUPPORTED
            2, 1, (uint)Configuration.DualSubslices, // MAX_DUAL_SUBSLICES_SUPPORTED
            6, 1, Configuration.EusPerDss, // NUM_EU_PER_DSS (simulated key numbering)
            27, 1, (uint)Configuration.Engines.Count, // NUM_ENGINES (simulated)
        ];
        return MemoryMarshal.AsBytes(table.AsSpan()).ToArray();
    }

    // query_gt_topology: per GT the geometry and compute DSS masks (128 bits each), the L3 bank mask
    // (64 bits, main GT only here), then the EU-per-DSS mask (one unsigned long).
    private byte[] Topology()
    {
        const int dssBytes = 16;
        const int euBytes = 8;
        const int l3Bytes = 8;
        int header = SizeOf<drm_xe_query_topology_mask>();
        var bytes = new List<byte>();
        for (int id = 0; id < Configuration.GtCount; id++)
        {
            bool main = id == 0;
            ulong dss = main ? (1UL << Configuration.DualSubslices) - 1 : 0;
            AddMask(bytes, header, id, DRM_XE_TOPO_DSS_GEOMETRY, dss, dssBytes);
            AddMask(bytes, header, id, DRM_XE_TOPO_DSS_COMPUTE, dss, dssBytes);
            if (main)
            {
                AddMask(bytes, header, id, DRM_XE_TOPO_L3_BANK, 0xF, l3Bytes);
            }

            // Xe2 EUs are SIMD16: the EU mask is reported as SIMD16_EU_PER_DSS.
            AddMask(bytes, header, id, Configuration.GraphicsVersion >= 20 ? DRM_XE_TOPO_SIMD16_EU_PER_DSS : DRM_XE_TOPO_EU_PER_DSS,
                main ? (1UL << (int)Configuration.EusPerDss) - 1 : 0, euBytes);
        }

        return [.. bytes];
    }

    private static void AddMask(List<byte> bytes, int header, int gtId, int type, ulong mask, int maskBytes)
    {
        var entry = new byte[header + maskBytes];
        var topo = new drm_xe_query_topology_mask { gt_id = (ushort)gtId, type = (ushort)type, num_bytes = (uint)maskBytes };
        MemoryMarshal.Write(entry, in topo);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(header), mask);
        bytes.AddRange(entry);
    }

    // query_oa_units: one OAG unit on the main GT (render and compute engines), one OAM unit on the media GT.
    private byte[] OaUnits()
    {
        var units = new List<byte>();
        int unitSize = SizeOf<drm_xe_oa_unit>();
        uint count = 0;
        for (ushort gt = 0; gt < Configuration.GtCount; gt++)
        {
            XeHwEngine[] engines = [.. Configuration.Engines.Where(e => e.GtId == gt && e.Class is not XeEngineClass.Copy)];
            var entry = new byte[unitSize + engines.Length * 8];
            var unit = new drm_xe_oa_unit
            {
                oa_unit_id = count,
                oa_unit_type = gt == 0 ? 0u : 1u, // DRM_XE_OA_UNIT_TYPE_OAG, _OAM
                capabilities = DRM_XE_OA_CAPS_BASE | DRM_XE_OA_CAPS_SYNCS | DRM_XE_OA_CAPS_OA_BUFFER_SIZE |
                    DRM_XE_OA_CAPS_WAIT_NUM_REPORTS | DRM_XE_OA_CAPS_OAM | DRM_XE_OA_CAPS_OA_UNIT_GT_ID,
                oa_timestamp_freq = Configuration.ReferenceClock,
                gt_id = gt,
                num_engines = (ulong)engines.Length,
            };
            MemoryMarshal.Write(entry, in unit);
            for (int i = 0; i < engines.Length; i++)
            {
                WriteEngine(entry.AsSpan(unitSize + i * 8), engines[i]);
            }

            units.AddRange(entry);
            count++;
        }

        var bytes = new byte[SizeOf<drm_xe_query_oa_units>() + units.Count];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), count); // after the extensions member
        units.CopyTo(bytes, SizeOf<drm_xe_query_oa_units>());
        return bytes;
    }

    private static byte[] PxpStatus()
    {
        var status = new drm_xe_query_pxp_status { status = 1, supported_session_types = 1u << 1 }; // ready; BIT(DRM_XE_PXP_TYPE_HWDRM)
        return MemoryMarshal.AsBytes(new ReadOnlySpan<drm_xe_query_pxp_status>(in status)).ToArray();
    }

    // query_eu_stall: graphics 20 and later; the Xe2 record is 64 bytes, 512 KiB per XeCore.
    private static byte[] EuStall()
    {
        int header = SizeOf<drm_xe_query_eu_stall>();
        var bytes = new byte[header + s_euStallRates.Length * 8];
        var info = new drm_xe_query_eu_stall
        {
            capabilities = DRM_XE_EU_STALL_CAPS_BASE,
            record_size = 64,
            per_xecore_buf_size = 512 << 10,
            num_sampling_rates = (ulong)s_euStallRates.Length,
        };
        MemoryMarshal.Write(bytes, in info);
        MemoryMarshal.AsBytes(s_euStallRates.AsSpan()).CopyTo(bytes.AsSpan(header));
        return bytes;
    }

    // query_engine_cycles: the caller names the engine and the CPU clock; the engine timestamp (the
    // reference clock), the CPU time and the read's duration come back, only in the output members.
    private int QueryEngineCycles(SimulatedProcess caller, ref drm_xe_device_query args)
    {
        int size = SizeOf<drm_xe_query_engine_cycles>();
        if (args.size == 0)
        {
            args.size = (uint)size;
            return 0;
        }

        if (args.size != (uint)size)
        {
            return -EINVAL;
        }

        drm_xe_query_engine_cycles cycles = default;
        Span<byte> bytes = MemoryMarshal.AsBytes(new Span<drm_xe_query_engine_cycles>(ref cycles));
        if (caller.Memory.CopyFromUser(bytes, args.data) < 0)
        {
            return -EFAULT;
        }

        // __clock_id_to_func: REALTIME 0, MONOTONIC 1, MONOTONIC_RAW 4, BOOTTIME 7, TAI 11.
        if (cycles.clockid is not (0 or 1 or 4 or 7 or 11) || cycles.eci.gt_id >= Configuration.GtCount ||
            cycles.eci.engine_class >= (ushort)XeEngineClass.VmBind ||
            FindEngine((XeEngineClass)cycles.eci.engine_class, cycles.eci.engine_instance, cycles.eci.gt_id) is null)
        {
            return -EINVAL;
        }

        long now = Device.Kernel.MonotonicNanoseconds;
        cycles.cpu_timestamp = (ulong)now;
        cycles.cpu_delta = 0;
        cycles.engine_cycles = (ulong)(now / 1_000_000_000.0 * Configuration.ReferenceClock);
        cycles.width = Configuration.TimestampWidth;
        return caller.Memory.CopyToUser(args.data, bytes);
    }

    // query_uc_fw_version: GuC submission (the compatibility version) or HuC (on the media GT).
    private int QueryUcFwVersion(SimulatedProcess caller, ref drm_xe_device_query args)
    {
        int size = SizeOf<drm_xe_query_uc_fw_version>();
        if (args.size == 0)
        {
            args.size = (uint)size;
            return 0;
        }

        if (args.size != (uint)size)
        {
            return -EINVAL;
        }

        drm_xe_query_uc_fw_version version = default;
        Span<byte> bytes = MemoryMarshal.AsBytes(new Span<drm_xe_query_uc_fw_version>(ref version));
        if (caller.Memory.CopyFromUser(bytes, args.data) < 0)
        {
            return -EFAULT;
        }

        if (version.pad != 0 || version.pad2 != 0 || version.reserved != 0)
        {
            return -EINVAL;
        }

        (uint major, uint minor, uint patch) = version.uc_type switch
        {
            XE_QUERY_UC_TYPE_GUC_SUBMISSION => Configuration.GucVersion,
            XE_QUERY_UC_TYPE_HUC => Configuration.HucVersion,
            _ => (0u, 0u, 0u),
        };
        if (version.uc_type > XE_QUERY_UC_TYPE_HUC)
        {
            return -EINVAL;
        }

        version.branch_ver = 0;
        version.major_ver = major;
        version.minor_ver = minor;
        version.patch_ver = patch;
        return caller.Memory.CopyToUser(args.data, bytes);
    }

    /// <summary>The engine of <paramref name="engineClass"/>/<paramref name="instance"/> on <paramref name="gtId"/>, or null.</summary>
    internal XeHwEngine? FindEngine(XeEngineClass engineClass, ushort instance, ushort gtId)
    {
        foreach (XeHwEngine engine in Configuration.Engines)
        {
            if (engine.Class == engineClass && engine.Instance == instance && engine.GtId == gtId)
            {
                return engine;
            }
        }

        return null;
    }
}
