using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Amdxdna;
using static AccelInterop.Simulation.Tests.Uapi.Amdxdna.Amdxdna;

namespace AccelInterop.Simulation.Tests.Amdxdna;

/// <summary>amdxdna.md §1-§5, §7 on an AIE2 device (NPU4 unless stated); names cite the section.</summary>
public sealed unsafe class AmdxdnaAie2Tests
{
    private const amdxdna_bo_type Share = amdxdna_bo_type.AMDXDNA_BO_SHARE;
    private const amdxdna_bo_type Heap = amdxdna_bo_type.AMDXDNA_BO_DEV_HEAP;
    private const amdxdna_bo_type Dev = amdxdna_bo_type.AMDXDNA_BO_DEV;
    private const amdxdna_bo_type Cmd = amdxdna_bo_type.AMDXDNA_BO_CMD;
    private const ulong MiB = 1UL << 20;

    [Fact]
    public void S1_ioctl_number_past_the_table_is_EINVAL()
    {
        using var rig = new NpuRig();
        ulong request = Drm.DrmRig.Command(AccelInterop.Runtime.Ioctl.IoctlDirection.ReadWrite, 0x4b, 8);
        ulong arg = 0;
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(request, &arg).Error);
    }

    [Fact]
    public void S4_create_bo_flags_and_type_EINVAL()
    {
        using var rig = new NpuRig();
        var args = new amdxdna_drm_create_bo { flags = 1, type = 1, size = 4096 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_CREATE_BO, ref args).Error);
        foreach (uint type in new uint[] { 0, 5 })
        {
            args = new amdxdna_drm_create_bo { type = type, size = 4096 };
            Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_CREATE_BO, ref args).Error);
        }
    }

    [Fact]
    public void S4_dev_heap_size_rules_EINVAL_and_ENOSPC_past_heap_max()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie2Npu1);
        Assert.Equal(Errno.EINVAL, rig.CreateBo(Heap, 0, out _));
        Assert.Equal(Errno.EINVAL, rig.CreateBo(Heap, 32 * MiB, out _));
        Assert.Equal(Errno.ENOSPC, rig.CreateBo(Heap, 128 * MiB, out _));
        rig.Bo(Heap, 64 * MiB);
        Assert.Equal(Errno.ENOSPC, rig.CreateBo(Heap, 64 * MiB, out _));
    }

    [Fact]
    public void S4_dev_bo_needs_a_heap_chunk_mmapped_EAGAIN_then_is_32KiB_aligned()
    {
        using var rig = new NpuRig();
        Assert.Equal(Errno.EAGAIN, rig.CreateBo(Dev, 4096, out _));
        uint heap = rig.Bo(Heap, 64 * MiB);
        Assert.Equal(Errno.EAGAIN, rig.CreateBo(Dev, 4096, out _));
        using MappedRegion mapping = rig.Map(heap);
        Assert.Equal(Errno.EINVAL, rig.CreateBo(Dev, 0, out _));
        Assert.Equal(Errno.EINVAL, rig.CreateBo(Dev, 1024 * MiB, out _));
        uint a = rig.Bo(Dev, 4096);
        uint b = rig.Bo(Dev, 4096);
        amdxdna_drm_get_bo_info ia = rig.Info(a), ib = rig.Info(b);
        Assert.Equal(0x4000000UL, rig.Info(heap).xdna_addr);
        Assert.Equal(0x4000000UL, ia.xdna_addr);
        Assert.Equal(0x4000000UL + 0x8000, ib.xdna_addr);
        Assert.Equal(ulong.MaxValue, ia.map_offset);
        Assert.Equal((ulong)mapping.Address + 0x8000, ib.vaddr);
        Assert.Equal(Errno.EAGAIN, rig.CreateBo(Dev, 64 * MiB, out _)); // fits the 512 MiB range, but past the one 64 MiB chunk
    }

    [Fact]
    public void S4_get_bo_info_rules_and_vaddr_invalid_until_mmapped()
    {
        using var rig = new NpuRig();
        uint h = rig.Bo(Share, 4096);
        Assert.Equal(ulong.MaxValue, rig.Info(h).vaddr);
        var info = new amdxdna_drm_get_bo_info { handle = h, pad = 1 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_BO_INFO, ref info).Error);
        info = new amdxdna_drm_get_bo_info { handle = h, ext = 1 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_BO_INFO, ref info).Error);
        info = new amdxdna_drm_get_bo_info { handle = 9 };
        Assert.Equal(Errno.ENOENT, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_BO_INFO, ref info).Error);
        using MappedRegion map = rig.Map(h);
        Assert.Equal((ulong)map.Address, rig.Info(h).vaddr);
    }

    [Fact]
    public void S4_sync_bo_rules()
    {
        using var rig = new NpuRig();
        uint h = rig.Bo(Share, 4096);
        var sync = new amdxdna_drm_sync_bo { handle = 9 };
        Assert.Equal(Errno.ENOENT, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_SYNC_BO, ref sync).Error);
        sync = new amdxdna_drm_sync_bo { handle = h, offset = 4096, size = 1 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_SYNC_BO, ref sync).Error);
        sync = new amdxdna_drm_sync_bo { handle = h, offset = 8, size = ulong.MaxValue };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_SYNC_BO, ref sync).Error);
        sync = new amdxdna_drm_sync_bo { handle = h, size = 1 << 20, direction = 7 }; // clamped, direction unchecked
        Assert.Equal(Errno.None, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_SYNC_BO, ref sync).Error);
        sync.direction = SYNC_DIRECT_FROM_DEVICE; // not a debug BO
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_SYNC_BO, ref sync).Error);

        // mem.size is the page-rounded size (__drm_gem_shmem_create rounds before amdxdna_gem_create_obj):
        // an offset past the 100 bytes asked for but inside the page is in range.
        uint small = rig.Bo(Share, 100);
        sync = new amdxdna_drm_sync_bo { handle = small, offset = 200, size = 8 };
        Assert.Equal(Errno.None, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_SYNC_BO, ref sync).Error);
        sync.offset = 4096;
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_SYNC_BO, ref sync).Error);
    }

    [Fact]
    public void S3_create_hwctx_rules_in_order()
    {
        using var rig = new NpuRig();
        var args = new amdxdna_drm_create_hwctx { ext = 1, qos_p = rig.Qos, num_tiles = 4 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_CREATE_HWCTX, ref args).Error);
        Assert.Equal(Errno.EFAULT, rig.CreateContext(out _, qos: 0));
        Assert.Equal(Errno.ENOENT, rig.CreateContext(out _)); // no heap chunk
        uint heap = rig.Bo(Heap, 64 * MiB);
        Assert.Equal(Errno.EAGAIN, rig.CreateContext(out _)); // heap not mmapped
        using MappedRegion map = rig.Map(heap);
        Assert.Equal(Errno.EINVAL, rig.CreateContext(out _, numTiles: 0));
        Assert.Equal(Errno.EINVAL, rig.CreateContext(out _, numTiles: 3));
        Assert.Equal(Errno.EINVAL, rig.CreateContext(out _, numTiles: 4 * 9));
        amdxdna_drm_create_hwctx ok = rig.Context();
        Assert.Equal(1u, ok.handle);
        Assert.NotEqual(0u, ok.syncobj_handle);
        Assert.Equal(AMDXDNA_INVALID_DOORBELL_OFFSET, ok.umq_doorbell);
    }

    [Fact]
    public void S3_destroy_rules_pad_unknown_double_and_ids_are_cyclic()
    {
        using var rig = new NpuRig();
        rig.Heap();
        uint first = rig.Context().handle;
        var destroy = new amdxdna_drm_destroy_hwctx { handle = first, pad = 1 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy).Error);
        destroy.pad = 0;
        rig.File.IoctlOrThrow(DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy);
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy).Error);
        destroy.handle = 0;
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy).Error);
        Assert.Equal(2u, rig.Context().handle); // not reused immediately
        Assert.Equal(1, rig.Kernel.Counts[AmdxdnaDriver.HardwareContexts]);
    }

    [Fact]
    public void S3_another_files_context_is_EINVAL()
    {
        using var rig = new NpuRig();
        rig.Heap();
        uint ctx = rig.Context().handle;
        using DeviceFile other = rig.Open(rig.Process);
        var destroy = new amdxdna_drm_destroy_hwctx { handle = ctx };
        Assert.Equal(Errno.EINVAL, other.Ioctl(DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy).Error);
    }

    private static Errno Config(NpuRig rig, uint ctx, uint type, ulong value, uint size, uint pad = 0)
    {
        var config = new amdxdna_drm_config_hwctx { handle = ctx, param_type = type, param_val = value, param_val_size = size, pad = pad };
        return rig.File.Ioctl(DRM_IOCTL_AMDXDNA_CONFIG_HWCTX, ref config).Error;
    }

    private static byte[] CuConfig(ushort count, uint bo, bool badPad = false, bool badCuPad = false)
    {
        byte[] bytes = new byte[8 + 8 * Math.Max((int)count, 1)];
        BitConverter.GetBytes(count).CopyTo(bytes, 0);
        if (badPad)
        {
            bytes[3] = 1;
        }

        for (int i = 0; i < count; i++)
        {
            BitConverter.GetBytes(bo).CopyTo(bytes, 8 + 8 * i);
            if (badCuPad)
            {
                bytes[8 + 8 * i + 6] = 1;
            }
        }

        return bytes;
    }

    [Fact]
    public void S3_config_hwctx_rules()
    {
        using var rig = new NpuRig();
        rig.Heap();
        uint ctx = rig.Context().handle;
        uint dev = rig.Bo(Dev, 4096);
        uint share = rig.Bo(Share, 4096);
        const uint cu = 0, assign = 1, remove = 2;
        byte[] good = CuConfig(1, dev);
        ulong goodAddress = rig.Pin(good);
        Assert.Equal(Errno.EINVAL, Config(rig, ctx, cu, goodAddress, 16, pad: 1));
        Assert.Equal(Errno.EINVAL, Config(rig, ctx, 7, goodAddress, 16));
        Assert.Equal(Errno.E2BIG, Config(rig, ctx, cu, goodAddress, 4097));
        Assert.Equal(Errno.EFAULT, Config(rig, ctx, cu, 0x5000, 16));
        Assert.Equal(Errno.EINVAL, Config(rig, 77, cu, goodAddress, 16));
        Assert.Equal(Errno.EINVAL, Config(rig, ctx, cu, rig.Pin(CuConfig(0, dev)), 16));
        Assert.Equal(Errno.EINVAL, Config(rig, ctx, cu, rig.Pin(CuConfig(1, dev, badPad: true)), 16));
        Assert.Equal(Errno.EINVAL, Config(rig, ctx, cu, goodAddress, 8)); // 8 + 8*1 > 8
        Assert.Equal(Errno.EINVAL, Config(rig, ctx, cu, rig.Pin(CuConfig(33, dev)), 8 + 8 * 33));
        Assert.Equal(Errno.EINVAL, Config(rig, ctx, cu, rig.Pin(CuConfig(1, dev, badCuPad: true)), 16));
        Assert.Equal(Errno.EINVAL, Config(rig, ctx, cu, rig.Pin(CuConfig(1, 99)), 16));
        Assert.Equal(Errno.EINVAL, Config(rig, ctx, cu, rig.Pin(CuConfig(1, share)), 16));
        Assert.Equal(Errno.None, Config(rig, ctx, cu, goodAddress, 16)); // failures above left it retryable
        Assert.Equal(Errno.EINVAL, Config(rig, ctx, cu, goodAddress, 16)); // re-config

        Assert.Equal(Errno.EINVAL, Config(rig, ctx, assign, share, 0));
        Assert.Equal(Errno.EINVAL, Config(rig, ctx, remove, dev, 0));
        Assert.Equal(Errno.None, Config(rig, ctx, assign, dev, 0));
        uint ctx2 = rig.Context().handle;
        Assert.Equal(Errno.EBUSY, Config(rig, ctx2, assign, dev, 0));
        Assert.Equal(Errno.EINVAL, Config(rig, ctx2, remove, dev, 0));
        var sync = new amdxdna_drm_sync_bo { handle = dev, size = 4096, direction = SYNC_DIRECT_FROM_DEVICE };
        Assert.Equal(Errno.None, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_SYNC_BO, ref sync).Error);
        Assert.Equal(Errno.None, Config(rig, ctx, remove, dev, 0));
    }

    [Fact]
    public void S5_exec_cmd_rules_in_order()
    {
        using var rig = new NpuRig();
        rig.Heap();
        uint ctx = rig.Context().handle;
        uint cmd = rig.Bo(Cmd, 4096);
        uint dev = rig.Bo(Dev, 4096);
        var args = new amdxdna_drm_exec_cmd { ext_flags = 1, hwctx = ctx, cmd_handles = cmd, cmd_count = 1 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_EXEC_CMD, ref args).Error);
        args = new amdxdna_drm_exec_cmd { type = 1, hwctx = ctx, cmd_handles = cmd, cmd_count = 1 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_EXEC_CMD, ref args).Error);
        args = new amdxdna_drm_exec_cmd { hwctx = ctx, cmd_handles = cmd, cmd_count = 1, arg_count = 4096 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_EXEC_CMD, ref args).Error);
        args = new amdxdna_drm_exec_cmd { hwctx = ctx, cmd_handles = cmd, cmd_count = 2 };
        Assert.Equal(Errno.EINVAL, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_EXEC_CMD, ref args).Error);
        Assert.Equal(Errno.EFAULT, rig.Exec(ctx, cmd, out _, argumentsAddress: 0x5000, argumentCount: 1));
        Assert.Equal(Errno.EINVAL, rig.Exec(ctx, 0, out _));
        Assert.Equal(Errno.EINVAL, rig.Exec(ctx, 99, out _));
        Assert.Equal(Errno.EINVAL, rig.Exec(ctx, dev, out _)); // not a SHARE/CMD BO
        Assert.Equal(Errno.ENOENT, rig.Exec(ctx, cmd, out _, rig.Pin(BitConverter.GetBytes(55u)), 1));
        Assert.Equal(Errno.EINVAL, rig.Exec(77, cmd, out _));
        Assert.Equal(0, rig.Kernel.Counts[AmdxdnaDriver.Jobs]);
        Assert.Equal(Errno.None, rig.Exec(ctx, cmd, out ulong seq, rig.Pin(BitConverter.GetBytes(dev)), 1));
        Assert.Equal(0UL, seq);
    }

    [Fact]
    public void S5_exec_seq_from_0_completion_through_the_context_syncobj_and_command_state()
    {
        using var rig = new NpuRig(options: new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        rig.Heap();
        amdxdna_drm_create_hwctx ctx = rig.Context();
        uint cmd = rig.Bo(Cmd, 4096);
        using MappedRegion command = rig.Map(cmd);
        for (ulong expected = 0; expected < 10; expected++)
        {
            MemoryMarshal.Write(command.Span, 1u); // ERT_CMD_STATE_NEW
            Assert.Equal(Errno.None, rig.Exec(ctx.handle, cmd, out ulong seq));
            Assert.Equal(expected, seq);
            Assert.Equal(Errno.None, rig.TimelineWait(ctx.syncobj_handle, seq, rig.InSeconds(5)));
            Assert.Equal(4u, MemoryMarshal.Read<uint>(command.Span) & 0xF);
        }

        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void S5_a_fifth_exec_blocks_until_a_slot_frees_it_does_not_fail()
    {
        var kernelOptions = new SimulationOptions { Firmware = FirmwareExecution.Inline };
        using var rig = new NpuRig(options: kernelOptions);
        rig.Heap();
        amdxdna_drm_create_hwctx ctx = rig.Context();
        uint cmd = rig.Bo(Cmd, 4096);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(Errno.None, rig.Exec(ctx.handle, cmd, out _));
        }

        Assert.Equal(4, rig.Kernel.Counts[AmdxdnaDriver.Jobs]); // all four slots taken, nothing ran yet
        Assert.Equal(Errno.None, rig.Exec(ctx.handle, cmd, out ulong fifth)); // inline firmware frees a slot
        Assert.Equal(4UL, fifth);
        Assert.Equal(Errno.None, rig.TimelineWait(ctx.syncobj_handle, fifth, rig.InSeconds(5)));
    }

    [Fact]
    public void S5_gem_close_of_a_bo_used_by_an_in_flight_job_is_allowed()
    {
        using var rig = new NpuRig();
        rig.Heap();
        amdxdna_drm_create_hwctx ctx = rig.Context();
        uint cmd = rig.Bo(Cmd, 4096);
        uint arg = rig.Bo(Share, 4096);
        Assert.Equal(Errno.None, rig.Exec(ctx.handle, cmd, out ulong seq, rig.Pin(BitConverter.GetBytes(arg)), 1));
        var close = new Uapi.Drm.drm_gem_close { handle = arg };
        rig.File.IoctlOrThrow(Uapi.Drm.Drm.DRM_IOCTL_GEM_CLOSE, ref close);
        Assert.Equal(Errno.None, rig.TimelineWait(ctx.syncobj_handle, seq, rig.InSeconds(5)));
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void S5_wait_cmd_on_aie2_is_EOPNOTSUPP_before_the_context_lookup()
    {
        using var rig = new NpuRig();
        Assert.Equal(Errno.EOPNOTSUPP, rig.WaitCmd(99, 0, 1));
    }

    [Fact]
    public void S6_mmap_below_the_gem_range_on_aie2_is_EOPNOTSUPP()
    {
        using var rig = new NpuRig();
        Assert.Equal(Errno.EOPNOTSUPP, rig.File.Map(4096, 0x10000).Error);
    }

    private static Errno GetInfo(NpuRig rig, uint param, ulong buffer, uint size)
    {
        var info = new amdxdna_drm_get_info { param = param, buffer = buffer, buffer_size = size };
        return rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_INFO, ref info).Error;
    }

    [Fact]
    public void S7_get_info_params_small_buffer_truncated_unknown_EOPNOTSUPP_bad_pointer_EFAULT()
    {
        using var rig = new NpuRig();
        byte[] buffer = new byte[256];
        ulong address = rig.Pin(buffer);
        foreach (uint param in new uint[] { 0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13 })
        {
            Assert.Equal(Errno.None, GetInfo(rig, param, address, 256));
        }

        foreach (uint param in new uint[] { 6, 7, 14 })
        {
            Assert.Equal(Errno.EOPNOTSUPP, GetInfo(rig, param, address, 256));
        }

        Array.Clear(buffer);
        Assert.Equal(Errno.None, GetInfo(rig, 1, address, 4)); // truncated, not rejected
        Assert.Equal(0x2000000u, BitConverter.ToUInt32(buffer));
        Assert.Equal(0, buffer[4]);
        Assert.Equal(Errno.EFAULT, GetInfo(rig, 1, 0x5000, 16));
    }

    private static Errno GetArray(NpuRig rig, uint param, uint elementSize, uint count, ulong buffer, uint pad = 0) =>
        GetArray(rig, param, elementSize, count, buffer, pad, out _);

    private static Errno GetArray(NpuRig rig, uint param, uint elementSize, uint count, ulong buffer, uint pad, out amdxdna_drm_get_array result)
    {
        result = new amdxdna_drm_get_array { param = param, element_size = elementSize, num_element = count, buffer = buffer, pad = pad };
        return rig.File.Ioctl(DRM_IOCTL_AMDXDNA_GET_ARRAY, ref result).Error;
    }

    [Fact]
    public void S7_get_array_rules()
    {
        using var rig = new NpuRig();
        rig.Heap();
        rig.Context();
        byte[] buffer = new byte[4096];
        ulong address = rig.Pin(buffer);
        Assert.Equal(Errno.EINVAL, GetArray(rig, 0, 8, 1, address, pad: 1));
        Assert.Equal(Errno.EINVAL, GetArray(rig, 0, 8, 0, address));
        Assert.Equal(Errno.EINVAL, GetArray(rig, 0, 0, 1, address));
        Assert.Equal(Errno.EINVAL, GetArray(rig, 0, 4097, 1, address));
        Assert.Equal(Errno.EINVAL, GetArray(rig, 0, 8, 1025, address));
        Assert.Equal(Errno.None, GetArray(rig, 0, 4096, 1, address, 0, out amdxdna_drm_get_array all));
        Assert.Equal((uint)Marshal.SizeOf<amdxdna_drm_hwctx_entry>(), all.element_size);
        Assert.Equal(1u, all.num_element);
        Assert.Equal(Errno.None, GetArray(rig, 2, 24, 1, address));
        Assert.Equal(Errno.EINVAL, GetArray(rig, 6, 32, 2, address));
        Array.Clear(buffer);
        Assert.Equal(Errno.EINVAL, GetArray(rig, 6, 32, 1, address)); // pid 0
        BitConverter.GetBytes(1L).CopyTo(buffer, 0);
        Assert.Equal(Errno.None, GetArray(rig, 6, 32, 1, address));
        Assert.Equal(Errno.EOPNOTSUPP, GetArray(rig, 1, 8, 1, address));
    }

    [Fact]
    public void S7_set_state_is_root_only_EACCES_and_validates_for_root()
    {
        using var rig = new NpuRig();
        byte[] state = new byte[8];
        var args = new amdxdna_drm_set_state { param = 0, buffer = rig.Pin(state), buffer_size = 8 };
        Assert.Equal(Errno.EACCES, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_SET_STATE, ref args).Error);

        SimulatedProcess root = rig.Kernel.CreateProcess("root", hasSysAdmin: true);
        using DeviceFile file = rig.Open(root);
        byte[] buffer = new byte[8];
        args.buffer = rig.Pin(buffer, root);
        buffer[0] = 5;
        Assert.Equal(Errno.EINVAL, file.Ioctl(DRM_IOCTL_AMDXDNA_SET_STATE, ref args).Error);
        buffer[0] = 4;
        buffer[3] = 1;
        Assert.Equal(Errno.EINVAL, file.Ioctl(DRM_IOCTL_AMDXDNA_SET_STATE, ref args).Error);
        buffer[3] = 0;
        Assert.Equal(Errno.None, file.Ioctl(DRM_IOCTL_AMDXDNA_SET_STATE, ref args).Error);
        Assert.Equal(4, rig.Driver.PowerMode);
        args.param = 3;
        buffer[0] = 2;
        Assert.Equal(Errno.EINVAL, file.Ioctl(DRM_IOCTL_AMDXDNA_SET_STATE, ref args).Error);
        buffer[0] = 1;
        Assert.Equal(Errno.None, file.Ioctl(DRM_IOCTL_AMDXDNA_SET_STATE, ref args).Error);
        foreach (uint param in new uint[] { 1, 2, 9 })
        {
            args.param = param;
            Assert.Equal(Errno.EOPNOTSUPP, file.Ioctl(DRM_IOCTL_AMDXDNA_SET_STATE, ref args).Error);
        }

        file.Dispose();
        root.Exit();
    }

    [Fact]
    public void S2_close_destroys_contexts_and_drops_the_heap_every_count_zero()
    {
        using var rig = new NpuRig(options: new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        rig.Heap();
        amdxdna_drm_create_hwctx ctx = rig.Context();
        uint cmd = rig.Bo(Cmd, 4096);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Errno.None, rig.Exec(ctx.handle, cmd, out _));
        }

        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }
}
