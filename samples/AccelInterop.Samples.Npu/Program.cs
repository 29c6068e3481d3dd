// An NPU flow on the simulated kernel, through the same DeviceFile calls a program would make
// on /dev/accel/accel0 of a real machine: open, device heap, buffers, contexts, submission
// through EXEC_CMD (AIE2) and through the user-mode queue (AIE4), waits, results, teardown.
// Bindings: the source generator emits what AccelInterop.txt selects at build time, into
// AccelInterop.Samples.Npu.Uapi (the same code `accelgen generate --select` writes).
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Samples.Npu.Uapi.Amdxdna;
using AccelInterop.Samples.Npu.Uapi.Drm;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Samples.Npu.Uapi.Amdxdna.Amdxdna;
using static AccelInterop.Samples.Npu.Uapi.Drm.Drm;

unsafe
{
    var kernel = new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Threaded });
    AmdxdnaDriver.CreateDevice(kernel, AmdxdnaGeneration.Aie2Npu4); // /dev/accel/accel0
    AmdxdnaDriver.CreateDevice(kernel, AmdxdnaGeneration.Aie4Vf);   // /dev/accel/accel1
    SimulatedProcess process = kernel.CreateProcess("npu-sample");

    // Memory the kernel may read through user pointers (here: the QoS struct) must be registered.
    var qos = (amdxdna_qos_info*)NativeMemory.AllocZeroed((nuint)sizeof(amdxdna_qos_info));
    using UserMemoryRegistration qosMemory = process.Memory.Register(qos, (nuint)sizeof(amdxdna_qos_info));

    // ---- AIE2: device heap, BOs, a context, EXEC_CMD, completion through the context syncobj ----
    using (DeviceFile npu = DeviceFile.Open(process, "/dev/accel/accel0").Value)
    {
        var version = new drm_version();
        npu.IoctlOrThrow(DRM_IOCTL_VERSION, ref version);
        Console.WriteLine($"AIE2: opened /dev/accel/accel0, driver version {version.version_major}.{version.version_minor}");

        var heap = new amdxdna_drm_create_bo { type = (uint)amdxdna_bo_type.AMDXDNA_BO_DEV_HEAP, size = 64 << 20 };
        npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_CREATE_BO, ref heap);
        var heapInfo = new amdxdna_drm_get_bo_info { handle = heap.handle };
        npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_GET_BO_INFO, ref heapInfo);
        using MappedRegion heapMap = npu.Map(64 << 20, (long)heapInfo.map_offset).Value;
        Console.WriteLine($"AIE2: device heap handle {heap.handle}, 64 MiB at device address 0x{heapInfo.xdna_addr:x}, mmapped");

        var context = new amdxdna_drm_create_hwctx { qos_p = (ulong)qos, num_tiles = 4 };
        npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_CREATE_HWCTX, ref context);
        Console.WriteLine($"AIE2: hardware context {context.handle}, completion syncobj {context.syncobj_handle}");

        var command = new amdxdna_drm_create_bo { type = (uint)amdxdna_bo_type.AMDXDNA_BO_CMD, size = 4096 };
        npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_CREATE_BO, ref command);
        var commandInfo = new amdxdna_drm_get_bo_info { handle = command.handle };
        npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_GET_BO_INFO, ref commandInfo);
        using MappedRegion commandMap = npu.Map(4096, (long)commandInfo.map_offset).Value;

        ulong* point = stackalloc ulong[1];
        uint* handle = stackalloc uint[1];
        using UserMemoryRegistration waitMemory = process.Memory.Register(point, 8);
        using UserMemoryRegistration handleMemory = process.Memory.Register(handle, 4);
        *handle = context.syncobj_handle;
        for (int i = 0; i < 6; i++)
        {
            MemoryMarshal.Write(commandMap.Span, 1u); // header state NEW, opcode ERT_START_CU
            var exec = new amdxdna_drm_exec_cmd { hwctx = context.handle, cmd_handles = command.handle, cmd_count = 1 };
            npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_EXEC_CMD, ref exec);
            *point = exec.seq;
            var wait = new drm_syncobj_timeline_wait
            {
                handles = (ulong)handle,
                points = (ulong)point,
                count_handles = 1,
                timeout_nsec = kernel.MonotonicNanoseconds + 5_000_000_000,
            };
            npu.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, ref wait);
            Console.WriteLine($"AIE2: EXEC_CMD seq {exec.seq} completed, command state {MemoryMarshal.Read<uint>(commandMap.Span) & 0xF} (4 = COMPLETED)");
        }

        var destroy = new amdxdna_drm_destroy_hwctx { handle = context.handle };
        npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy);
        Console.WriteLine($"AIE2: context {context.handle} destroyed");
    }

    // ---- AIE4: user-mode queue in a BO, doorbell page, firmware, WAIT_CMD ----
    using (DeviceFile npu = DeviceFile.Open(process, "/dev/accel/accel1").Value)
    {
        Console.WriteLine("AIE4: opened /dev/accel/accel1");
        (uint Handle, MappedRegion Map, ulong Address) Buffer(uint size)
        {
            var bo = new amdxdna_drm_create_bo { type = (uint)amdxdna_bo_type.AMDXDNA_BO_SHARE, size = size };
            npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_CREATE_BO, ref bo);
            var info = new amdxdna_drm_get_bo_info { handle = bo.handle };
            npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_GET_BO_INFO, ref info);
            return (bo.handle, npu.Map((nuint)((size + 4095) & ~4095u), (long)info.map_offset).Value, info.xdna_addr);
        }

        const int Capacity = 32, Elements = 256;
        var queue = Buffer(4096);
        var input = Buffer(Elements * 4);
        var output = Buffer(Elements * 4);
        MemoryMarshal.Write(queue.Map.Span[12..], (uint)Capacity); // host_queue_header.capacity; slots follow at 64
        Span<uint> numbers = MemoryMarshal.Cast<byte, uint>(input.Map.Span[..(Elements * 4)]);
        for (int i = 0; i < Elements; i++)
        {
            numbers[i] = (uint)(i * 10);
        }

        var context = new amdxdna_drm_create_hwctx { qos_p = (ulong)qos, num_tiles = 4, umq_bo = queue.Handle };
        npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_CREATE_HWCTX, ref context);
        using MappedRegion doorbell = npu.Map(4096, context.umq_doorbell).Value;
        Console.WriteLine($"AIE4: context {context.handle} on UMQ BO {queue.Handle}, doorbell at offset 0x{context.umq_doorbell:x} mapped");

        // One INCREMENT packet per 64 elements: out[i] = in[i] + 1.
        ulong last = 0;
        for (int chunk = 0; chunk < Elements / 64; chunk++)
        {
            ulong write = MemoryMarshal.Read<ulong>(queue.Map.Span[16..]);
            Span<byte> slot = queue.Map.Span.Slice(64 + (int)(write % Capacity) * 64, 64);
            slot.Clear();
            MemoryMarshal.Write(slot, 1u);
            MemoryMarshal.Write(slot[8..], input.Address + (ulong)(chunk * 256));
            MemoryMarshal.Write(slot[16..], output.Address + (ulong)(chunk * 256));
            MemoryMarshal.Write(slot[24..], 64u);
            MemoryMarshal.Write(queue.Map.Span[16..], write + 1);
            last = write;
        }

        MemoryMarshal.Write(doorbell.Span, 1u);
        var waitCmd = new amdxdna_drm_wait_cmd { hwctx = context.handle, seq = last, timeout = 5000 };
        npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_WAIT_CMD, ref waitCmd);
        Span<uint> results = MemoryMarshal.Cast<byte, uint>(output.Map.Span[..(Elements * 4)]);
        bool correct = true;
        for (int i = 0; i < Elements; i++)
        {
            correct &= results[i] == numbers[i] + 1;
        }

        Console.WriteLine($"AIE4: {Elements / 64} packets submitted, WAIT_CMD seq {last} done, read_index {MemoryMarshal.Read<ulong>(queue.Map.Span)}; " +
            $"results {(correct ? "correct" : "WRONG")} (out[0..3] = {results[0]}, {results[1]}, {results[2]}, {results[3]})");
        if (!correct)
        {
            return 1;
        }

        var destroy = new amdxdna_drm_destroy_hwctx { handle = context.handle };
        npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy);
        doorbell.Dispose();
        queue.Map.Dispose();
        input.Map.Dispose();
        output.Map.Dispose();
        Console.WriteLine($"AIE4: context {context.handle} destroyed");
    }

    qosMemory.Dispose();
    NativeMemory.Free(qos);
    process.Exit();
    Console.WriteLine($"teardown: {kernel.Counts}");
    return kernel.Counts.AllZero ? 0 : 1;
}
