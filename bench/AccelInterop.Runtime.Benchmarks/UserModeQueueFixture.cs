using System.Runtime.InteropServices;
using AccelInterop.Runtime.Benchmarks.Uapi.Amdxdna;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Benchmarks.Uapi.Amdxdna.Amdxdna;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>
/// An AIE4 user-mode queue on a simulated device, as user space drives it: a 32-slot queue BO
/// and its doorbell page mapped, one context; <see cref="Push"/> writes a NOP packet then
/// write_index (the host queue protocol's order; <see cref="PushBatch"/> several packets, then
/// write_index once), <see cref="Ring"/> the doorbell,
/// <see cref="Wait"/> is WAIT_CMD.
/// </summary>
public sealed unsafe class UserModeQueueFixture : IDisposable
{
    public const int Capacity = 32;

    private readonly SimulatedProcess _process;
    private readonly DeviceFile _npu;
    private readonly MappedRegion _queue;
    private readonly MappedRegion _doorbell;
    private readonly uint _context;
    private readonly void* _qos;
    private readonly byte* _queueBase;
    private readonly int* _doorbellWord;
    private ulong _written;

    public UserModeQueueFixture(FirmwareExecution firmware)
    {
        _qos = NativeMemory.AllocZeroed(24);
        var kernel = new SimulatedKernel(new SimulationOptions { Firmware = firmware });
        AmdxdnaDriver.CreateDevice(kernel, AmdxdnaGeneration.Aie4Vf);
        _process = kernel.CreateProcess("bench");
        _npu = DeviceFile.Open(_process, "/dev/accel/accel0").Value;
        _process.Memory.Register(_qos, 24);

        var bo = new amdxdna_drm_create_bo { type = (uint)amdxdna_bo_type.AMDXDNA_BO_SHARE, size = 4096 };
        _npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_CREATE_BO, ref bo);
        var info = new amdxdna_drm_get_bo_info { handle = bo.handle };
        _npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_GET_BO_INFO, ref info);
        _queue = _npu.Map(4096, (long)info.map_offset).Value;
        _queueBase = (byte*)_queue.Address;
        *(uint*)(_queueBase + Aie4Hwctx.CapacityOffset) = Capacity;
        var context = new amdxdna_drm_create_hwctx { qos_p = (ulong)_qos, num_tiles = 4, umq_bo = bo.handle };
        _npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_CREATE_HWCTX, ref context);
        _doorbell = _npu.Map(4096, context.umq_doorbell).Value;
        _doorbellWord = (int*)_doorbell.Address;
        _context = context.handle;
    }

    /// <summary>Writes a NOP packet into the next slot, then bumps write_index; returns the packet's seq.</summary>
    public ulong Push() => Publish(1);

    /// <summary>
    /// Writes <paramref name="count"/> NOP packets, then publishes them with one write_index store, as
    /// a batch submitter does; returns the last packet's seq.
    /// </summary>
    public ulong PushBatch(int count) => Publish(count);

    // User space owns write_index: it keeps its own copy rather than reading the shared header line
    // back, which the firmware writes read_index into.
    private ulong Publish(int count)
    {
        for (int i = 0; i < count; i++)
        {
            *(uint*)(_queueBase + Aie4Hwctx.DefaultSlotsOffset + (int)((_written + (ulong)i) & (Capacity - 1)) * Aie4Hwctx.SlotSize) = 0;
        }

        _written += (ulong)count;
        Volatile.Write(ref *(ulong*)(_queueBase + Aie4Hwctx.WriteIndexOffset), _written);
        return _written - 1;
    }

    public void Ring() => Volatile.Write(ref *_doorbellWord, 1);

    /// <summary>WAIT_CMD for <paramref name="seq"/> (1 s timeout).</summary>
    public int Wait(ulong seq)
    {
        var wait = new amdxdna_drm_wait_cmd { hwctx = _context, seq = seq, timeout = 1000 };
        return _npu.Ioctl(DRM_IOCTL_AMDXDNA_WAIT_CMD, ref wait).Value;
    }

    public void Dispose()
    {
        _doorbell.Dispose();
        _queue.Dispose();
        _npu.Dispose();
        _process.Exit();
        NativeMemory.Free(_qos);
    }
}
