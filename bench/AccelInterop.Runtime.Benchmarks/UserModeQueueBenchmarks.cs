using System.Runtime.InteropServices;
using System.Threading.Channels;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Linux;
using AccelInterop.Runtime.Simulation.Amdxdna;
using AccelInterop.Runtime.Simulation.Drm;
using AccelInterop.Runtime.Simulation.Kernel;
using AccelInterop.Runtime.Uapi.Amdxdna;
using BenchmarkDotNet.Attributes;
using static AccelInterop.Runtime.Uapi.Amdxdna.Amdxdna;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>
/// The ring/fence hot path, per command: an AIE4 user-mode-queue submit (slot write, write_index
/// bump, doorbell) → simulated firmware completion (read_index advance) → WAIT_CMD, single and
/// in batches of 32 (one doorbell and one WAIT_CMD per batch), with firmware running inline (no
/// thread handoff). Baselines in the same run: a System.Threading.Channels single-producer
/// handoff per command (write then read, one thread), and one real syscall (ioctl(FIONREAD) on
/// a pipe through the libc backend); plus the simulated dispatch of a trivial DRM ioctl.
/// </summary>
[MemoryDiagnoser]
public unsafe class UserModeQueueBenchmarks
{
    private const int Capacity = 32;
    private const int Batches = 32;
    private const int BatchedCommands = Capacity * Batches;

    private SimulatedProcess _process = null!;
    private DeviceFile _npu = null!;
    private MappedRegion _queue = null!;
    private MappedRegion _doorbell = null!;
    private byte* _queueBase;
    private int* _doorbellWord;
    private uint _context;
    private void* _qos;

    private DeviceFile _pipeReader = null!;
    private DeviceFile _pipeWriter = null!;
    private IoctlRequest<int> _fionread;
    private DeviceFile _noopFile = null!;
    private IoctlRequest<ulong> _noop;
    private Channel<ulong> _channel = null!;

    [GlobalSetup]
    public void Setup()
    {
        var kernel = new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Inline });
        AmdxdnaDriver.CreateDevice(kernel, AmdxdnaGeneration.Aie4Vf);
        _process = kernel.CreateProcess("bench");
        _npu = DeviceFile.Open(_process, "/dev/accel/accel0").Value;
        _qos = NativeMemory.AllocZeroed(24);
        _process.Memory.Register(_qos, 24);

        var bo = new amdxdna_drm_create_bo { type = (uint)amdxdna_bo_type.AMDXDNA_BO_SHARE, size = 4096 };
        _npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_CREATE_BO, ref bo);
        var info = new amdxdna_drm_get_bo_info { handle = bo.handle };
        _npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_GET_BO_INFO, ref info);
        _queue = _npu.Map(4096, (long)info.map_offset).Value;
        _queueBase = (byte*)_queue.Address;
        *(uint*)(_queueBase + 12) = Capacity;

        var context = new amdxdna_drm_create_hwctx { qos_p = (ulong)_qos, num_tiles = 4, umq_bo = bo.handle };
        _npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_CREATE_HWCTX, ref context);
        _context = context.handle;
        _doorbell = _npu.Map(4096, context.umq_doorbell).Value;
        _doorbellWord = (int*)_doorbell.Address;

        (SafeFileDescriptor read, SafeFileDescriptor write) = LinuxKernel.Instance.Pipe().Value;
        _pipeReader = new DeviceFile(read);
        _pipeWriter = new DeviceFile(write);
        _fionread = new IoctlRequest<int>("FIONREAD", IoctlDirection.None, 0, 0, 0, CompilerValues.Fionread());

        var noopKernel = new SimulatedKernel();
        var noopDriver = new NoopDrmDriver();
        DrmDevice.Create(noopKernel, noopDriver, DrmIoctlTable.Empty(0));
        _noopFile = DeviceFile.Open(noopKernel.CreateProcess("bench"), "/dev/accel/accel0").Value;
        _noop = noopDriver.Request;

        _channel = Channel.CreateUnbounded<ulong>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _doorbell.Dispose();
        _queue.Dispose();
        _npu.Dispose();
        _process.Exit();
        _pipeReader.Dispose();
        _pipeWriter.Dispose();
        _noopFile.Dispose();
    }

    // User space: slot (a NOP packet), then write_index, as the host queue protocol orders them.
    private ulong Push()
    {
        ulong write = *(ulong*)(_queueBase + 16);
        byte* slot = _queueBase + 64 + (int)(write & (Capacity - 1)) * 64;
        *(uint*)slot = 0;
        Volatile.Write(ref *(ulong*)(_queueBase + 16), write + 1);
        return write;
    }

    private int Wait(ulong seq)
    {
        var wait = new amdxdna_drm_wait_cmd { hwctx = _context, seq = seq, timeout = 1000 };
        return _npu.Ioctl(DRM_IOCTL_AMDXDNA_WAIT_CMD, ref wait).Value;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchedCommands, Description = "Channels SPSC handoff, per command")]
    public ulong ChannelHandoff()
    {
        ChannelWriter<ulong> writer = _channel.Writer;
        ChannelReader<ulong> reader = _channel.Reader;
        ulong sum = 0;
        for (int batch = 0; batch < Batches; batch++)
        {
            for (ulong i = 0; i < Capacity; i++)
            {
                writer.TryWrite(i);
            }

            while (reader.TryRead(out ulong item))
            {
                sum += item;
            }
        }

        return sum;
    }

    [Benchmark(Description = "ioctl(FIONREAD), real syscall (libc backend)")]
    public int RealSyscall()
    {
        int available = 0;
        _pipeReader.Ioctl(_fionread, ref available);
        return available;
    }

    [Benchmark(Description = "trivial DRM ioctl, simulated dispatch")]
    public ulong SimulatedTrivialIoctl()
    {
        ulong argument = 0;
        _noopFile.Ioctl(_noop, ref argument);
        return argument;
    }

    [Benchmark(Description = "UMQ submit → firmware → WAIT_CMD, single")]
    public int UmqSingle()
    {
        ulong seq = Push();
        Volatile.Write(ref *_doorbellWord, 1);
        return Wait(seq);
    }

    [Benchmark(OperationsPerInvoke = BatchedCommands, Description = "UMQ submit → firmware → WAIT_CMD, batched 32, per command")]
    public int UmqBatched()
    {
        int result = 0;
        for (int batch = 0; batch < Batches; batch++)
        {
            ulong last = 0;
            for (int i = 0; i < Capacity; i++)
            {
                last = Push();
            }

            Volatile.Write(ref *_doorbellWord, 1);
            result |= Wait(last);
        }

        return result;
    }
}
