// An Intel Xe flow on the simulated kernel, through the same DeviceFile calls a program would
// make on /dev/dri/renderD128 of a real machine: query the device, create a VM and BOs, bind
// them, build a batch that stores values, EXEC with a syncobj out-fence and a user fence, wait
// on both, read the results, map the PCI barrier page of the discrete part, tear down.
// Bindings: the source generator emits what AccelInterop.txt selects at build time, into
// AccelInterop.Samples.Xe.Uapi (the same code `accelgen generate --select` writes).
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Samples.Xe.Uapi.Drm;
using AccelInterop.Samples.Xe.Uapi.Xe;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Samples.Xe.Uapi.Drm.Drm;
using static AccelInterop.Samples.Xe.Uapi.Xe.Xe;

unsafe
{
    var kernel = new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Threaded });
    XeDriver.CreateDevice(kernel, XeConfiguration.Discrete); // /dev/dri/card0, /dev/dri/renderD128
    SimulatedProcess process = kernel.CreateProcess("xe-sample");
    const int Results = 8;

    using (DeviceFile gpu = DeviceFile.Open(process, "/dev/dri/renderD128").Value)
    {
        // The kernel follows user pointers only into registered memory: one page for the query
        // answers and the ioctls' arrays.
        byte* scratch = (byte*)NativeMemory.AlignedAlloc(4096, 4096);
        NativeMemory.Clear(scratch, 4096);
        using UserMemoryRegistration scratchMemory = process.Memory.Register(scratch, 4096);

        // ---- DEVICE_QUERY, two steps: the size, then the answer ----
        var query = new drm_xe_device_query { query = DRM_XE_DEVICE_QUERY_CONFIG };
        gpu.IoctlOrThrow(DRM_IOCTL_XE_DEVICE_QUERY, ref query);
        query.data = (ulong)scratch;
        gpu.IoctlOrThrow(DRM_IOCTL_XE_DEVICE_QUERY, ref query);
        ReadOnlySpan<ulong> info = new(scratch + sizeof(drm_xe_query_config), 5);
        Console.WriteLine($"query: device 0x{info[DRM_XE_QUERY_CONFIG_REV_AND_DEVICE_ID] & 0xFFFF:x4}, " +
            $"VRAM {((info[DRM_XE_QUERY_CONFIG_FLAGS] & DRM_XE_QUERY_CONFIG_FLAG_HAS_VRAM) != 0 ? "yes" : "no")}, " +
            $"{info[DRM_XE_QUERY_CONFIG_VA_BITS]}-bit VAs, min alignment {info[DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT] >> 10} KiB");
        query = new drm_xe_device_query { query = DRM_XE_DEVICE_QUERY_ENGINES };
        gpu.IoctlOrThrow(DRM_IOCTL_XE_DEVICE_QUERY, ref query);
        query.data = (ulong)scratch;
        gpu.IoctlOrThrow(DRM_IOCTL_XE_DEVICE_QUERY, ref query);
        Console.WriteLine($"query: {BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(scratch, 4))} engines");

        // ---- a VM, a system-memory BO (WB) mapped on the CPU and bound at 4 GiB ----
        var vm = new drm_xe_vm_create();
        gpu.IoctlOrThrow(DRM_IOCTL_XE_VM_CREATE, ref vm);
        const ulong Size = 0x10000, Va = 0x1_0000_0000;
        var bo = new drm_xe_gem_create { size = Size, placement = 1, cpu_caching = DRM_XE_GEM_CPU_CACHING_WB };
        gpu.IoctlOrThrow(DRM_IOCTL_XE_GEM_CREATE, ref bo);
        var offset = new drm_xe_gem_mmap_offset { handle = bo.handle };
        gpu.IoctlOrThrow(DRM_IOCTL_XE_GEM_MMAP_OFFSET, ref offset);
        MappedRegion cpu = gpu.Map((nuint)Size, (long)offset.offset).Value;
        UserMemoryRegistration cpuMemory = process.Memory.Register((void*)cpu.Address, cpu.Length);
        var bind = new drm_xe_vm_bind
        {
            vm_id = vm.vm_id,
            num_binds = 1,
            bind = new drm_xe_vm_bind_op { op = DRM_XE_VM_BIND_OP_MAP, obj = bo.handle, addr = Va, range = Size, pat_index = 2 },
        };
        gpu.IoctlOrThrow(DRM_IOCTL_XE_VM_BIND, ref bind);
        Console.WriteLine($"vm {vm.vm_id}: BO {bo.handle} ({Size >> 10} KiB) bound at 0x{Va:x}, mmapped at 0x{cpu.Address:x}");

        // ---- a batch: MI_STORE_DATA_IMM of i*i into result slot i, then MI_BATCH_BUFFER_END ----
        Span<uint> batch = MemoryMarshal.Cast<byte, uint>(cpu.Span[..0x400]);
        int n = 0;
        for (uint i = 0; i < Results; i++)
        {
            ulong target = Va + 0x800 + i * 4;
            batch[n++] = XeMiCommand.StoreDword;
            batch[n++] = (uint)target;
            batch[n++] = (uint)(target >> 32);
            batch[n++] = i * i;
        }

        batch[n] = XeMiCommand.BatchBufferEnd;

        // ---- an exec queue on the render engine; EXEC with a syncobj out-fence and a user fence ----
        var eci = (drm_xe_engine_class_instance*)(scratch + 0x100);
        *eci = new drm_xe_engine_class_instance { engine_class = DRM_XE_ENGINE_CLASS_RENDER };
        var queue = new drm_xe_exec_queue_create { width = 1, num_placements = 1, vm_id = vm.vm_id, instances = (ulong)eci };
        gpu.IoctlOrThrow(DRM_IOCTL_XE_EXEC_QUEUE_CREATE, ref queue);
        var syncobj = new drm_syncobj_create();
        gpu.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_CREATE, ref syncobj);
        const ulong FenceOffset = 0x900, FenceValue = 0xF00D;
        var syncs = (drm_xe_sync*)(scratch + 0x200);
        syncs[0] = new drm_xe_sync { type = DRM_XE_SYNC_TYPE_SYNCOBJ, flags = DRM_XE_SYNC_FLAG_SIGNAL, handle = syncobj.handle };
        syncs[1] = new drm_xe_sync { type = DRM_XE_SYNC_TYPE_USER_FENCE, flags = DRM_XE_SYNC_FLAG_SIGNAL, addr = Va + FenceOffset, timeline_value = FenceValue };
        var exec = new drm_xe_exec { exec_queue_id = queue.exec_queue_id, address = Va, num_batch_buffer = 1, syncs = (ulong)syncs, num_syncs = 2 };
        gpu.IoctlOrThrow(DRM_IOCTL_XE_EXEC, ref exec);

        // ---- wait on both: the user fence (CPU address of the same memory), then the syncobj ----
        var waitFence = new drm_xe_wait_user_fence
        {
            addr = (ulong)cpu.Address + FenceOffset,
            op = DRM_XE_UFENCE_WAIT_OP_EQ,
            value = FenceValue,
            mask = ulong.MaxValue,
            timeout = 5_000_000_000,
            exec_queue_id = queue.exec_queue_id,
        };
        gpu.IoctlOrThrow(DRM_IOCTL_XE_WAIT_USER_FENCE, ref waitFence);
        var handles = (uint*)(scratch + 0x300);
        handles[0] = syncobj.handle;
        var waitSyncobj = new drm_syncobj_wait { handles = (ulong)handles, count_handles = 1, timeout_nsec = kernel.MonotonicNanoseconds + 5_000_000_000 };
        gpu.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_WAIT, ref waitSyncobj);
        ReadOnlySpan<uint> results = MemoryMarshal.Cast<byte, uint>(cpu.Span.Slice(0x800, Results * 4));
        bool correct = true;
        for (uint i = 0; i < Results; i++)
        {
            correct &= results[(int)i] == i * i;
        }

        Console.WriteLine($"exec: user fence {MemoryMarshal.Read<ulong>(cpu.Span[(int)FenceOffset..]):x} (time left {waitFence.timeout} ns), syncobj signalled; " +
            $"results {(correct ? "correct" : "WRONG")}: {string.Join(", ", results.ToArray())}");

        // ---- the PCI barrier page: its fixed offset, one write-only shared page; a write is a barrier ----
        var barrierOffset = new drm_xe_gem_mmap_offset { flags = DRM_XE_MMAP_OFFSET_FLAG_PCI_BARRIER };
        gpu.IoctlOrThrow(DRM_IOCTL_XE_GEM_MMAP_OFFSET, ref barrierOffset);
        using (MappedRegion barrier = gpu.Map(4096, (long)barrierOffset.offset, MemoryProtection.Write, MapFlags.Shared).Value)
        {
            *(uint*)barrier.Address = 1;
        }

        Console.WriteLine($"barrier: offset 0x{barrierOffset.offset:x}, mapped write-only, one write made");

        // ---- teardown: queue, unbind, BO, VM ----
        var destroyQueue = new drm_xe_exec_queue_destroy { exec_queue_id = queue.exec_queue_id };
        gpu.IoctlOrThrow(DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, ref destroyQueue);
        bind.bind = new drm_xe_vm_bind_op { op = DRM_XE_VM_BIND_OP_UNMAP, addr = Va, range = Size, pat_index = 2 };
        gpu.IoctlOrThrow(DRM_IOCTL_XE_VM_BIND, ref bind);
        cpuMemory.Dispose();
        cpu.Dispose();
        var close = new drm_gem_close { handle = bo.handle };
        gpu.IoctlOrThrow(DRM_IOCTL_GEM_CLOSE, ref close);
        var destroyVm = new drm_xe_vm_destroy { vm_id = vm.vm_id };
        gpu.IoctlOrThrow(DRM_IOCTL_XE_VM_DESTROY, ref destroyVm);
        scratchMemory.Dispose();
        NativeMemory.AlignedFree(scratch);
        if (!correct)
        {
            return 1;
        }
    }

    process.Exit();
    Console.WriteLine($"teardown: {kernel.Counts}");
    return kernel.Counts.AllZero ? 0 : 1;
}
