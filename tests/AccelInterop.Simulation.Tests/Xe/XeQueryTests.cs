using System.Buffers.Binary;
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Tests.Uapi.Xe;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Simulation.Tests.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>DEVICE_QUERY (xe.md §2, xe_query.c) on both configurations; names cite the section.</summary>
public sealed class XeQueryTests
{
    public static TheoryData<string> Configurations => ["integrated", "discrete"];

    internal static XeConfiguration Config(string name) => name == "discrete" ? XeConfiguration.Discrete : XeConfiguration.Integrated;

    [Theory]
    [MemberData(nameof(Configurations))]
    public void S2_every_query_answers_its_size_to_size_zero_and_refuses_any_other_size(string configuration)
    {
        using var rig = new XeRig(Config(configuration));
        for (uint query = 0; query <= DRM_XE_DEVICE_QUERY_EU_STALL; query++)
        {
            var q = new drm_xe_device_query { query = query };
            if (query == DRM_XE_DEVICE_QUERY_PXP_STATUS && configuration == "discrete")
            {
                Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
                q.data = rig.Pin(new byte[q.size]);
                Assert.Equal(Errno.ENODEV, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q)); // no PXP on this part
                continue;
            }

            Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
            Assert.True(q.size > 0, $"query {query}");
            uint size = q.size;
            byte[] data = new byte[size + 8];
            q.data = rig.Pin(data);
            q.size = size + 8;
            Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
            q.size = size - 1;
            Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
            q.size = size;
            if (query == DRM_XE_DEVICE_QUERY_ENGINE_CYCLES)
            {
                // Input: a render engine and CLOCK_MONOTONIC.
                var cycles = new drm_xe_query_engine_cycles { clockid = 1 };
                MemoryMarshal.Write(data, in cycles);
            }

            Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
        }
    }

    [Fact]
    public void S2_extensions_reserved_or_an_unknown_query_are_EINVAL()
    {
        using var rig = new XeRig();
        var q = new drm_xe_device_query { query = DRM_XE_DEVICE_QUERY_EU_STALL + 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
        q = new drm_xe_device_query { query = 0, extensions = 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
        q = new drm_xe_device_query { query = 0 };
        q.reserved[1] = 1;
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
    }

    [Fact]
    public void S2_copy_to_unregistered_memory_is_EFAULT()
    {
        using var rig = new XeRig();
        var q = new drm_xe_device_query { query = DRM_XE_DEVICE_QUERY_CONFIG };
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
        q.data = 0x7000;
        Assert.Equal(Errno.EFAULT, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void S2_config_follows_the_configuration(string configuration)
    {
        XeConfiguration config = Config(configuration);
        using var rig = new XeRig(config);
        byte[] data = rig.Query(DRM_XE_DEVICE_QUERY_CONFIG);
        Assert.Equal(5u, BinaryPrimitives.ReadUInt32LittleEndian(data));
        ReadOnlySpan<ulong> info = MemoryMarshal.Cast<byte, ulong>(data.AsSpan(XeRig.SizeOf<drm_xe_query_config>()));
        Assert.Equal(config.DeviceId | ((ulong)config.RevisionId << 16), info[DRM_XE_QUERY_CONFIG_REV_AND_DEVICE_ID]);
        ulong flags = info[DRM_XE_QUERY_CONFIG_FLAGS];
        Assert.Equal(config.IsDiscrete, (flags & DRM_XE_QUERY_CONFIG_FLAG_HAS_VRAM) != 0);
        Assert.NotEqual(0UL, flags & DRM_XE_QUERY_CONFIG_FLAG_HAS_NO_COMPRESSION_HINT); // graphics 20
        Assert.NotEqual(0UL, flags & DRM_XE_QUERY_CONFIG_FLAG_HAS_LOW_LATENCY);
        Assert.Equal(config.IsDiscrete ? 0x10000UL : 0x1000UL, info[DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT]);
        Assert.Equal(48UL, info[DRM_XE_QUERY_CONFIG_VA_BITS]);
        Assert.Equal(1UL, info[DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY]); // NORMAL without CAP_SYS_NICE
    }

    [Fact]
    public void S2_config_max_priority_is_HIGH_with_the_capability()
    {
        using var rig = new XeRig(sysAdmin: true);
        byte[] data = rig.Query(DRM_XE_DEVICE_QUERY_CONFIG);
        Assert.Equal(2UL, MemoryMarshal.Cast<byte, ulong>(data.AsSpan(8))[DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY]);
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void S2_engines_and_memory_regions_match_the_configuration(string configuration)
    {
        XeConfiguration config = Config(configuration);
        using var rig = new XeRig(config, sysAdmin: true);
        byte[] engines = rig.Query(DRM_XE_DEVICE_QUERY_ENGINES);
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(engines);
        Assert.Equal(config.Engines.Count, count);
        Assert.Equal(XeRig.SizeOf<drm_xe_query_engines>() + count * XeRig.SizeOf<drm_xe_engine>(), engines.Length);
        for (int i = 0; i < count; i++)
        {
            drm_xe_engine e = MemoryMarshal.Read<drm_xe_engine>(engines.AsSpan(8 + i * XeRig.SizeOf<drm_xe_engine>()));
            Assert.Equal(config.Engines[i], new XeHwEngine((XeEngineClass)e.instance.engine_class, e.instance.engine_instance, e.instance.gt_id));
        }

        // One BO in VRAM (discrete, WC as VRAM requires) or system memory: the region's usage shows it.
        Assert.Equal(Errno.None, rig.CreateBo(out _, 0x20000, placement: config.IsDiscrete ? 2u : 1u,
            caching: config.IsDiscrete ? (ushort)DRM_XE_GEM_CPU_CACHING_WC : (ushort)DRM_XE_GEM_CPU_CACHING_WB));
        byte[] regions = rig.Query(DRM_XE_DEVICE_QUERY_MEM_REGIONS);
        int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(regions);
        Assert.Equal(config.IsDiscrete ? 2 : 1, n);
        drm_xe_mem_region system = MemoryMarshal.Read<drm_xe_mem_region>(regions.AsSpan(8));
        Assert.Equal((0, 0, config.SystemMemorySize), (system.mem_class, system.instance, system.total_size));
        if (config.IsDiscrete)
        {
            drm_xe_mem_region vram = MemoryMarshal.Read<drm_xe_mem_region>(regions.AsSpan(8 + XeRig.SizeOf<drm_xe_mem_region>()));
            Assert.Equal((1, 1, config.VramSize, config.VisibleVramSize), (vram.mem_class, vram.instance, vram.total_size, vram.cpu_visible_size));
            Assert.Equal(0x20000UL, vram.used);
            Assert.Equal(0x10000u, vram.min_page_size);
        }
        else
        {
            Assert.Equal(0x20000UL, system.used);
        }
    }

    [Fact]
    public void S2_gt_list_and_topology_describe_a_main_and_a_media_gt()
    {
        using var rig = new XeRig(XeConfiguration.Discrete);
        byte[] gts = rig.Query(DRM_XE_DEVICE_QUERY_GT_LIST);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(gts));
        drm_xe_gt main = MemoryMarshal.Read<drm_xe_gt>(gts.AsSpan(8));
        drm_xe_gt media = MemoryMarshal.Read<drm_xe_gt>(gts.AsSpan(8 + XeRig.SizeOf<drm_xe_gt>()));
        Assert.Equal(((int)DRM_XE_QUERY_GT_TYPE_MAIN, 0), ((int)main.type, (int)main.gt_id));
        Assert.Equal(((int)DRM_XE_QUERY_GT_TYPE_MEDIA, 1), ((int)media.type, (int)media.gt_id));
        Assert.Equal(0b10UL, main.near_mem_regions); // VRAM is near on a discrete part

        // Per GT: geometry and compute DSS masks, (L3 banks on the main GT), EU mask; each a header then num_bytes.
        byte[] topology = rig.Query(DRM_XE_DEVICE_QUERY_GT_TOPOLOGY);
        var seen = new List<(int Gt, int Type)>();
        for (int at = 0; at < topology.Length;)
        {
            drm_xe_query_topology_mask mask = MemoryMarshal.Read<drm_xe_query_topology_mask>(topology.AsSpan(at));
            seen.Add((mask.gt_id, mask.type));
            at += XeRig.SizeOf<drm_xe_query_topology_mask>() + (int)mask.num_bytes;
        }

        (int, int)[] expected =
        [
            (0, (int)DRM_XE_TOPO_DSS_GEOMETRY), (0, (int)DRM_XE_TOPO_DSS_COMPUTE), (0, (int)DRM_XE_TOPO_L3_BANK), (0, (int)DRM_XE_TOPO_SIMD16_EU_PER_DSS),
            (1, (int)DRM_XE_TOPO_DSS_GEOMETRY), (1, (int)DRM_XE_TOPO_DSS_COMPUTE), (1, (int)DRM_XE_TOPO_SIMD16_EU_PER_DSS),
        ];
        Assert.Equal(expected, seen);
    }

    [Fact]
    public void S2_engine_cycles_checks_the_clock_and_the_engine_and_writes_the_width()
    {
        using var rig = new XeRig();
        var q = new drm_xe_device_query { query = DRM_XE_DEVICE_QUERY_ENGINE_CYCLES, size = (uint)XeRig.SizeOf<drm_xe_query_engine_cycles>() };
        var cycles = new drm_xe_query_engine_cycles[1];
        q.data = rig.Pin(cycles);
        cycles[0] = new drm_xe_query_engine_cycles { clockid = 3 }; // CLOCK_THREAD_CPUTIME_ID: no clock function
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
        cycles[0] = new drm_xe_query_engine_cycles { clockid = 1, eci = new drm_xe_engine_class_instance { engine_class = 0, engine_instance = 7 } };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
        cycles[0] = new drm_xe_query_engine_cycles { clockid = 1 };
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
        Assert.Equal(64u, cycles[0].width); // graphics 20
        Assert.NotEqual(0UL, cycles[0].cpu_timestamp);
    }

    [Fact]
    public void S2_uc_firmware_version_checks_padding_and_type()
    {
        using var rig = new XeRig();
        var q = new drm_xe_device_query { query = DRM_XE_DEVICE_QUERY_UC_FW_VERSION, size = (uint)XeRig.SizeOf<drm_xe_query_uc_fw_version>() };
        var version = new drm_xe_query_uc_fw_version[1];
        q.data = rig.Pin(version);
        version[0] = new drm_xe_query_uc_fw_version { uc_type = 2 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
        version[0] = new drm_xe_query_uc_fw_version { uc_type = XE_QUERY_UC_TYPE_GUC_SUBMISSION, pad2 = 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
        version[0] = new drm_xe_query_uc_fw_version { uc_type = XE_QUERY_UC_TYPE_GUC_SUBMISSION };
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_DEVICE_QUERY, ref q));
        Assert.Equal(rig.Driver.Configuration.GucVersion, (version[0].major_ver, version[0].minor_ver, version[0].patch_ver));
    }

    [Fact]
    public void S2_oa_units_and_eu_stall_sizes_add_up()
    {
        using var rig = new XeRig();
        byte[] oa = rig.Query(DRM_XE_DEVICE_QUERY_OA_UNITS);
        uint units = BinaryPrimitives.ReadUInt32LittleEndian(oa.AsSpan(8));
        int at = XeRig.SizeOf<drm_xe_query_oa_units>();
        for (uint i = 0; i < units; i++)
        {
            drm_xe_oa_unit unit = MemoryMarshal.Read<drm_xe_oa_unit>(oa.AsSpan(at));
            Assert.Equal(i, unit.oa_unit_id);
            at += XeRig.SizeOf<drm_xe_oa_unit>() + (int)unit.num_engines * XeRig.SizeOf<drm_xe_engine_class_instance>();
        }

        Assert.Equal(oa.Length, at);
        byte[] stall = rig.Query(DRM_XE_DEVICE_QUERY_EU_STALL);
        drm_xe_query_eu_stall info = MemoryMarshal.Read<drm_xe_query_eu_stall>(stall);
        Assert.Equal(XeRig.SizeOf<drm_xe_query_eu_stall>() + (int)info.num_sampling_rates * 8, stall.Length);
    }
}
