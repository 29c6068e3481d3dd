using System.Text;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.DmaBufs;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Dmabuf;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using AccelInterop.Simulation.Vgem;
using static AccelInterop.Simulation.Tests.Uapi.Dmabuf.Dmabuf;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;

namespace AccelInterop.Simulation.Tests.Vgem;

/// <summary>vgem (drivers/gpu/drm/vgem) and the DRM core's dumb buffers (drm_dumb_buffers.c), through generated bindings.</summary>
public sealed class VgemTests
{
    [Fact]
    public void Vgem_is_a_render_capable_drm_device_named_vgem()
    {
        using var rig = new VgemRig();
        Assert.Equal("/dev/dri/card0", rig.Driver.Device.NodePath);
        Assert.Equal("/dev/dri/renderD128", rig.Driver.Device.RenderNodePath);
        var version = new drm_version();
        rig.Card.IoctlOrThrow(DRM_IOCTL_VERSION, ref version);
        Assert.Equal((1, 0, 4UL, 20UL), (version.version_major, version.version_minor, (ulong)version.name_len, (ulong)version.desc_len));

        // drm_getcap: DUMB_BUFFER is a KMS capability; vgem has no modesetting.
        var cap = new drm_get_cap { capability = DRM_CAP_DUMB_BUFFER };
        Assert.Equal(Errno.EOPNOTSUPP, rig.Card.Ioctl(DRM_IOCTL_GET_CAP, ref cap).Error);
    }

    [Fact]
    public void Create_dumb_sizes_pitch_and_pages_and_rejects_zero_and_overflowing_shapes_with_zeroed_outputs()
    {
        using var rig = new VgemRig();
        var create = new drm_mode_create_dumb { width = 100, height = 10, bpp = 24 };
        rig.Card.IoctlOrThrow(DRM_IOCTL_MODE_CREATE_DUMB, ref create);
        Assert.Equal((1u, 300u, 4096UL), (create.handle, create.pitch, create.size)); // pitch = width * DIV_ROUND_UP(bpp, 8), size in pages

        // drm_mode_create_dumb: zero width/height/bpp, bpp near U32_MAX, 32-bit overflow of pitch and size.
        foreach ((uint width, uint height, uint bpp) in new[] { (0u, 1u, 32u), (1u, 0u, 32u), (1u, 1u, 0u), (1u, 1u, uint.MaxValue - 7), (0x40000000u, 1u, 32u), (0x10000u, 0x10000u, 32u) })
        {
            var bad = new drm_mode_create_dumb { width = width, height = height, bpp = bpp, handle = 7, pitch = 7, size = 7 };
            Assert.Equal(Errno.EINVAL, rig.Card.Ioctl(DRM_IOCTL_MODE_CREATE_DUMB, ref bad).Error);
            Assert.Equal((0u, 0u, 0UL), (bad.handle, bad.pitch, bad.size)); // cleared outputs, copied back even on error
        }

        // No DRM_RENDER_ALLOW: a render node is refused by drm_ioctl_permit.
        using DeviceFile render = DeviceFile.Open(rig.Process, rig.Driver.Device.RenderNodePath!).Value;
        Assert.Equal(Errno.EACCES, render.Ioctl(DRM_IOCTL_MODE_CREATE_DUMB, ref create).Error);
    }

    [Fact]
    public void Map_dumb_gives_a_fake_offset_to_zeroed_memory_and_destroy_dumb_deletes_the_handle()
    {
        using var rig = new VgemRig();
        uint handle = rig.Dumb(8192);
        var map = new drm_mode_map_dumb { handle = handle };
        rig.Card.IoctlOrThrow(DRM_IOCTL_MODE_MAP_DUMB, ref map);
        Assert.Equal(DrmDevice.FilePageOffsetStart * 4096, map.offset);
        using (MappedRegion region = rig.Card.Map(8192, (long)map.offset).Value)
        {
            Assert.False(region.Span.ContainsAnyExcept((byte)0));
        }

        var unknown = new drm_mode_map_dumb { handle = 9, offset = 5 };
        Assert.Equal(Errno.ENOENT, rig.Card.Ioctl(DRM_IOCTL_MODE_MAP_DUMB, ref unknown).Error);
        Assert.Equal(0UL, unknown.offset);

        var destroy = new drm_mode_destroy_dumb { handle = handle };
        rig.Card.IoctlOrThrow(DRM_IOCTL_MODE_DESTROY_DUMB, ref destroy);
        Assert.Equal(Errno.EINVAL, rig.Card.Ioctl(DRM_IOCTL_MODE_DESTROY_DUMB, ref destroy).Error); // drm_gem_handle_delete
    }

    [Fact]
    public void A_driver_without_dumb_create_answers_every_dumb_ioctl_with_ENOSYS()
    {
        var kernel = new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Inline });
        Simulation.Amdxdna.AmdxdnaDriver npu = Simulation.Amdxdna.AmdxdnaDriver.CreateDevice(kernel, Simulation.Amdxdna.AmdxdnaGeneration.Aie2Npu4);
        SimulatedProcess process = kernel.CreateProcess();
        using DeviceFile accel = DeviceFile.Open(process, npu.Device.NodePath).Value;
        var create = new drm_mode_create_dumb { width = 1, height = 1, bpp = 32 };
        var map = new drm_mode_map_dumb { handle = 1 };
        var destroy = new drm_mode_destroy_dumb { handle = 1 };
        Assert.Equal(Errno.ENOSYS, accel.Ioctl(DRM_IOCTL_MODE_CREATE_DUMB, ref create).Error);
        Assert.Equal(Errno.ENOSYS, accel.Ioctl(DRM_IOCTL_MODE_MAP_DUMB, ref map).Error);
        Assert.Equal(Errno.ENOSYS, accel.Ioctl(DRM_IOCTL_MODE_DESTROY_DUMB, ref destroy).Error);
        process.Exit();
    }

    [Fact]
    public void Fence_attach_checks_flags_pad_and_handle_and_refuses_a_conflicting_fence_with_EBUSY()
    {
        using var rig = new VgemRig();
        uint handle = rig.Dumb();
        var attach = new drm_vgem_fence_attach { handle = handle, flags = 2 };
        Assert.Equal(Errno.EINVAL, rig.Card.Ioctl(DRM_IOCTL_VGEM_FENCE_ATTACH, ref attach).Error);
        attach = new drm_vgem_fence_attach { handle = handle, pad = 1 };
        Assert.Equal(Errno.EINVAL, rig.Card.Ioctl(DRM_IOCTL_VGEM_FENCE_ATTACH, ref attach).Error);
        attach = new drm_vgem_fence_attach { handle = 77 };
        Assert.Equal(Errno.ENOENT, rig.Card.Ioctl(DRM_IOCTL_VGEM_FENCE_ATTACH, ref attach).Error);

        // Readers share; a writer must wait for them, and a reader for a writer (dma_resv_test_signaled).
        Assert.Equal(1u, rig.Attach(handle, write: false));
        Assert.Equal(2u, rig.Attach(handle, write: false));
        attach = new drm_vgem_fence_attach { handle = handle, flags = (uint)VGEM_FENCE_WRITE };
        Assert.Equal(Errno.EBUSY, rig.Card.Ioctl(DRM_IOCTL_VGEM_FENCE_ATTACH, ref attach).Error);
        rig.Signal(1);
        rig.Signal(2);
        uint writer = rig.Attach(handle, write: true);
        Assert.Equal(3u, writer); // signalled ids stay taken (idr_replace with NULL)
        attach = new drm_vgem_fence_attach { handle = handle };
        Assert.Equal(Errno.EBUSY, rig.Card.Ioctl(DRM_IOCTL_VGEM_FENCE_ATTACH, ref attach).Error);

        rig.Kernel.Faults.Arm(FaultPoint.AllocationFailure);
        rig.Signal(writer);
        Assert.Equal(Errno.ENOMEM, rig.Card.Ioctl(DRM_IOCTL_VGEM_FENCE_ATTACH, ref attach).Error);
    }

    [Fact]
    public void Fence_signal_checks_flags_and_ids_and_a_fence_is_signalled_once()
    {
        using var rig = new VgemRig();
        uint fence = rig.Attach(rig.Dumb(), write: true);
        var signal = new drm_vgem_fence_signal { fence = fence, flags = 1 };
        Assert.Equal(Errno.EINVAL, rig.Card.Ioctl(DRM_IOCTL_VGEM_FENCE_SIGNAL, ref signal).Error);
        signal = new drm_vgem_fence_signal { fence = 9 };
        Assert.Equal(Errno.ENOENT, rig.Card.Ioctl(DRM_IOCTL_VGEM_FENCE_SIGNAL, ref signal).Error);
        rig.Signal(fence);
        signal = new drm_vgem_fence_signal { fence = fence };
        Assert.Equal(Errno.ENOENT, rig.Card.Ioctl(DRM_IOCTL_VGEM_FENCE_SIGNAL, ref signal).Error);
    }

    [Fact]
    public void An_unsignalled_fence_times_out_after_ten_seconds_and_signalling_it_later_is_ETIMEDOUT()
    {
        using var rig = new VgemRig(new SimulationOptions { Seed = 11 });
        uint handle = rig.Dumb();
        uint fence = rig.Attach(handle, write: true);
        using DeviceFile buffer = rig.Export(handle);
        long start = rig.Kernel.MonotonicNanoseconds;

        // SYNC START waits for the write fence (dma_buf_begin_cpu_access); only the vgem timer can end it.
        var sync = new dma_buf_sync { flags = DMA_BUF_SYNC_READ };
        Assert.True(buffer.Ioctl(DMA_BUF_IOCTL_SYNC, ref sync).IsSuccess);
        Assert.Equal(VgemFence.Timeout, rig.Kernel.MonotonicNanoseconds - start);

        var signal = new drm_vgem_fence_signal { fence = fence };
        Assert.Equal(Errno.ETIMEDOUT, rig.Card.Ioctl(DRM_IOCTL_VGEM_FENCE_SIGNAL, ref signal).Error);
    }

    [Fact]
    public void Closing_the_file_signals_its_fences_and_every_count_returns_to_zero()
    {
        var rig = new VgemRig();
        uint handle = rig.Dumb();
        rig.Attach(handle, write: true);
        DeviceFile buffer = rig.Export(handle);
        Assert.Equal(PollEvents.None, buffer.Poll(PollEvents.In | PollEvents.Out, 0).Value);
        rig.Card.Dispose(); // vgem_fence_close
        Assert.Equal(PollEvents.In | PollEvents.Out, buffer.Poll(PollEvents.In | PollEvents.Out, 0).Value);
        buffer.Dispose();
        rig.Dispose();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }
}
