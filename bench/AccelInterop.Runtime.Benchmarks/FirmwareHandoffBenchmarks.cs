using System.Runtime.InteropServices;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Runtime.Benchmarks.Uapi.Amdxdna;
using BenchmarkDotNet.Attributes;
using static AccelInterop.Runtime.Benchmarks.Uapi.Amdxdna.Amdxdna;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>
/// One command's round trip to firmware on its own thread: AIE4 user-mode-queue submit (slot,
/// write_index, doorbell) → the firmware host's thread advances read_index → WAIT_CMD returns.
/// Baseline in the same run: a bare cross-thread ping-pong with the same wake primitive
/// (<see cref="SpinParkSignal"/>: atomic publish, spin, then park), no simulation at all — the
/// floor any threaded handoff pays.
/// </summary>
[MemoryDiagnoser]
public unsafe class FirmwareHandoffBenchmarks
{
    private const int Capacity = 32;
    private const int SpinsBeforePark = 4096;
    private static readonly TimeSpan ParkSlice = TimeSpan.FromMilliseconds(1);

    private SpinParkSignal _ping = null!;
    private SpinParkSignal _pong = null!;
    private Thread _partner = null!;
    private volatile bool _stop;

    private SimulatedProcess _process = null!;
    private DeviceFile _npu = null!;
    private MappedRegion _queue = null!;
    private MappedRegion _doorbell = null!;
    private uint _context;
    private void* _qos;

    [GlobalSetup]
    public void Setup()
    {
        _ping = new SpinParkSignal();
        _pong = new SpinParkSignal();
        _partner = new Thread(Partner) { IsBackground = true, Name = "ping-pong partner" };
        _partner.Start();

        _qos = NativeMemory.AllocZeroed(24);
        var kernel = new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        AmdxdnaDriver.CreateDevice(kernel, AmdxdnaGeneration.Aie4Vf);
        _process = kernel.CreateProcess("bench");
        _npu = DeviceFile.Open(_process, "/dev/accel/accel0").Value;
        _process.Memory.Register(_qos, 24);
        var bo = new amdxdna_drm_create_bo { type = (uint)amdxdna_bo_type.AMDXDNA_BO_SHARE, size = 4096 };
        _npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_CREATE_BO, ref bo);
        var info = new amdxdna_drm_get_bo_info { handle = bo.handle };
        _npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_GET_BO_INFO, ref info);
        _queue = _npu.Map(4096, (long)info.map_offset).Value;
        *(uint*)((byte*)_queue.Address + 12) = Capacity;
        var context = new amdxdna_drm_create_hwctx { qos_p = (ulong)_qos, num_tiles = 4, umq_bo = bo.handle };
        _npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_CREATE_HWCTX, ref context);
        _doorbell = _npu.Map(4096, context.umq_doorbell).Value;
        _context = context.handle;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop = true;
        _ping.Ring();
        _partner.Join();
        _doorbell.Dispose();
        _queue.Dispose();
        _npu.Dispose();
        _process.Exit();
        NativeMemory.Free(_qos);
    }

    private void Partner()
    {
        while (true)
        {
            _ping.Wait(SpinsBeforePark, ParkSlice);
            if (_stop)
            {
                return;
            }

            _pong.Ring();
        }
    }

    [Benchmark(Baseline = true, Description = "bare cross-thread ping-pong (SpinParkSignal)")]
    public void PingPong()
    {
        _ping.Ring();
        _pong.Wait(SpinsBeforePark, ParkSlice);
    }

    [Benchmark(Description = "UMQ submit → firmware thread → WAIT_CMD, single")]
    public int UmqSingleThreadedFirmware()
    {
        byte* queue = (byte*)_queue.Address;
        ulong write = *(ulong*)(queue + 16);
        *(uint*)(queue + 64 + (int)(write & (Capacity - 1)) * 64) = 0; // a NOP packet
        Volatile.Write(ref *(ulong*)(queue + 16), write + 1);
        Volatile.Write(ref *(int*)_doorbell.Address, 1);
        var wait = new amdxdna_drm_wait_cmd { hwctx = _context, seq = write, timeout = 1000 };
        return _npu.Ioctl(DRM_IOCTL_AMDXDNA_WAIT_CMD, ref wait).Value;
    }
}
