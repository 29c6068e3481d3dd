using System.Runtime.InteropServices;
using System.Threading.Channels;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Linux;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Runtime.Benchmarks.Uapi.Amdxdna;
using BenchmarkDotNet.Attributes;
using static AccelInterop.Runtime.Benchmarks.Uapi.Amdxdna.Amdxdna;

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
    private SimulatedProcess _threadedProcess = null!;
    private DeviceFile _threadedNpu = null!;
    private MappedRegion _threadedQueue = null!;
    private MappedRegion _threadedDoorbell = null!;
    private uint _threadedContext;

    [GlobalSetup]
    public void Setup()
    {
        _qos = NativeMemory.AllocZeroed(24);
        (_process, _npu, _queue, _doorbell, _context) = OpenQueue(FirmwareExecution.Inline);
        _queueBase = (byte*)_queue.Address;
        _doorbellWord = (int*)_doorbell.Address;
        (_threadedProcess, _threadedNpu, _threadedQueue, _threadedDoorbell, _threadedContext) = OpenQueue(FirmwareExecution.Threaded);

        (SafeFileDescriptor read, SafeFileDescriptor write) = LinuxKernel.Instance.Pipe().Value;
        _pipeReader = new DeviceFile(read);
        _pipeWriter = new DeviceFile(write);
        _fionread = new IoctlRequest<int>("FIONREAD", IoctlDirection.None, 0, 0, 0, CompilerValues.Fionread());

        var noopKernel = new SimulatedKernel();
        var noopDriver = new NoopDrmDriver();
        DrmDevice.Create(noopKernel, noopDriver, DrmIoctlTable.Create<DrmFile>(0));
        _noopFile = DeviceFile.Open(noopKernel.CreateProcess("bench"), "/dev/accel/accel0").Value;
        _noop = noopDriver.Request;

        _channel = Channel.CreateUnbounded<ulong>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    }

    private (SimulatedProcess, DeviceFile, MappedRegion, MappedRegion, uint) OpenQueue(FirmwareExecution firmware)
    {
        var kernel = new SimulatedKernel(new SimulationOptions { Firmware = firmware });
        AmdxdnaDriver.CreateDevice(kernel, AmdxdnaGeneration.Aie4Vf);
        SimulatedProcess process = kernel.CreateProcess("bench");
        DeviceFile npu = DeviceFile.Open(process, "/dev/accel/accel0").Value;
        process.Memory.Register(_qos, 24);

        var bo = new amdxdna_drm_create_bo { type = (uint)amdxdna_bo_type.AMDXDNA_BO_SHARE, size = 4096 };
        npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_CREATE_BO, ref bo);
        var info = new amdxdna_drm_get_bo_info { handle = bo.handle };
        npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_GET_BO_INFO, ref info);
        MappedRegion queue = npu.Map(4096, (long)info.map_offset).Value;
        *(uint*)((byte*)queue.Address + 12) = Capacity;
        var context = new amdxdna_drm_create_hwctx { qos_p = (ulong)_qos, num_tiles = 4, umq_bo = bo.handle };
        npu.IoctlOrThrow(DRM_IOCTL_AMDXDNA_CREATE_HWCTX, ref context);
        MappedRegion doorbell = npu.Map(4096, context.umq_doorbell).Value;
        return (process, npu, queue, doorbell, context.handle);
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
        _threadedDoorbell.Dispose();
        _threadedQueue.Dispose();
        _threadedNpu.Dispose();
        _threadedProcess.Exit();
    }

    // User space: slot (a NOP packet), then write_index, as the host queue protocol orders them.
    private ulong Push() => Push(_queueBase);

    private static ulong Push(byte* queue)
    {
        ulong write = *(ulong*)(queue + 16);
        byte* slot = queue + 64 + (int)(write & (Capacity - 1)) * 64;
        *(uint*)slot = 0;
        Volatile.Write(ref *(ulong*)(queue + 16), write + 1);
        return write;
    }

    private int Wait(ulong seq) => Wait(_npu, _context, seq);

    private static int Wait(DeviceFile npu, uint context, ulong seq)
    {
        var wait = new amdxdna_drm_wait_cmd { hwctx = context, seq = seq, timeout = 1000 };
        return npu.Ioctl(DRM_IOCTL_AMDXDNA_WAIT_CMD, ref wait).Value;
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

    [Benchmark(OperationsPerInvoke = BatchedCommands, Description = "UMQ batched 32, firmware on its own thread, per command")]
    public int UmqBatchedThreadedFirmware()
    {
        byte* queue = (byte*)_threadedQueue.Address;
        int* doorbell = (int*)_threadedDoorbell.Address;
        int result = 0;
        for (int batch = 0; batch < Batches; batch++)
        {
            ulong last = 0;
            for (int i = 0; i < Capacity; i++)
            {
                last = Push(queue);
            }

            Volatile.Write(ref *doorbell, 1);
            result |= Wait(_threadedNpu, _threadedContext, last);
        }

        return result;
    }
}
