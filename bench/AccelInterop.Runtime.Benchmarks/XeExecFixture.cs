using System.Runtime.InteropServices;
using AccelInterop.Runtime.Benchmarks.Uapi.Xe;
using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Runtime.Benchmarks.Uapi.Xe.Xe;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>
/// An Xe exec queue on a simulated integrated device, as user space drives it: a VM with a
/// 64 KiB BO bound and mapped (an empty batch at its start, the user fence at 0x900), a render
/// queue; <see cref="Exec"/> submits the batch with a user-fence sync carrying the next value,
/// <see cref="Wait"/> is WAIT_USER_FENCE (GTE) on that value.
/// </summary>
public sealed unsafe class XeExecFixture : IDisposable
{
    private const ulong Va = 0x1_0000_0000, Size = 0x10000, FenceOffset = 0x900;

    private readonly SimulatedProcess _process;
    private readonly DeviceFile _gpu;
    private readonly MappedRegion _bo;
    private readonly drm_xe_sync* _sync;
    private readonly uint _queue;
    private ulong _value;

    public XeExecFixture(FirmwareExecution firmware)
    {
        var kernel = new SimulatedKernel(new SimulationOptions { Firmware = firmware });
        XeDriver.CreateDevice(kernel, XeConfiguration.Integrated);
        _process = kernel.CreateProcess("bench");
        _gpu = DeviceFile.Open(_process, "/dev/dri/renderD128").Value;
        _sync = (drm_xe_sync*)NativeMemory.AllocZeroed(4096);
        _process.Memory.Register(_sync, 4096);

        var vm = new drm_xe_vm_create();
        _gpu.IoctlOrThrow(DRM_IOCTL_XE_VM_CREATE, ref vm);
        var bo = new drm_xe_gem_create { size = Size, placement = 1, cpu_caching = DRM_XE_GEM_CPU_CACHING_WB };
        _gpu.IoctlOrThrow(DRM_IOCTL_XE_GEM_CREATE, ref bo);
        var offset = new drm_xe_gem_mmap_offset { handle = bo.handle };
        _gpu.IoctlOrThrow(DRM_IOCTL_XE_GEM_MMAP_OFFSET, ref offset);
        _bo = _gpu.Map((nuint)Size, (long)offset.offset).Value;
        _process.Memory.Register((void*)_bo.Address, _bo.Length);
        *(uint*)_bo.Address = XeMiCommand.BatchBufferEnd;
        var bind = new drm_xe_vm_bind
        {
            vm_id = vm.vm_id,
            num_binds = 1,
            bind = new drm_xe_vm_bind_op { op = DRM_XE_VM_BIND_OP_MAP, obj = bo.handle, addr = Va, range = Size, pat_index = 2 },
        };
        _gpu.IoctlOrThrow(DRM_IOCTL_XE_VM_BIND, ref bind);

        var eci = (drm_xe_engine_class_instance*)((byte*)_sync + 2048);
        var queue = new drm_xe_exec_queue_create { width = 1, num_placements = 1, vm_id = vm.vm_id, instances = (ulong)eci };
        _gpu.IoctlOrThrow(DRM_IOCTL_XE_EXEC_QUEUE_CREATE, ref queue);
        _queue = queue.exec_queue_id;
        *_sync = new drm_xe_sync { type = DRM_XE_SYNC_TYPE_USER_FENCE, flags = DRM_XE_SYNC_FLAG_SIGNAL, addr = Va + FenceOffset };
    }

    /// <summary>EXEC of the empty batch; the ring writes the returned value to the user fence after it.</summary>
    public ulong Exec()
    {
        _sync->timeline_value = ++_value;
        var exec = new drm_xe_exec { exec_queue_id = _queue, address = Va, num_batch_buffer = 1, syncs = (ulong)_sync, num_syncs = 1 };
        _gpu.IoctlOrThrow(DRM_IOCTL_XE_EXEC, ref exec);
        return _value;
    }

    /// <summary>WAIT_USER_FENCE until the fence reaches <paramref name="value"/> (1 s timeout).</summary>
    public int Wait(ulong value)
    {
        var wait = new drm_xe_wait_user_fence
        {
            addr = (ulong)_bo.Address + FenceOffset,
            op = DRM_XE_UFENCE_WAIT_OP_GTE,
            value = value,
            mask = ulong.MaxValue,
            timeout = 1_000_000_000,
            exec_queue_id = _queue,
        };
        return _gpu.Ioctl(DRM_IOCTL_XE_WAIT_USER_FENCE, ref wait).Value;
    }

    public void Dispose()
    {
        _bo.Dispose();
        _gpu.Dispose();
        _process.Exit();
        NativeMemory.Free(_sync);
    }
}
