using System.Threading.Channels;
using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Linux;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using BenchmarkDotNet.Attributes;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>
/// The ring/fence hot path, per command: an AIE4 user-mode-queue submit (slot write, write_index
/// bump, doorbell) → simulated firmware completion (read_index advance) → WAIT_CMD, single and
/// in batches of 32 (one doorbell and one WAIT_CMD per batch), with firmware running inline (no
/// thread handoff), and batched with the firmware host on its own thread; beside that row its floor,
/// a bare two-thread ring of 64-byte slots with the same batch (<see cref="BareSlotRing"/>: the
/// cache-line traffic and wake primitive a cross-core batch cannot avoid, no simulation). Those
/// batched rows run produce, handoff, execute and handoff back in series; the pipelined rows feed
/// the queue while the firmware drains it, as a user-mode queue is meant to be used: two batches
/// of 16 in flight (the 32-slot queue full at most), each published with one write_index store and
/// one doorbell, the wait for batch n-1 after ringing batch n; threaded UMQ beside the same bare
/// ring pipelined.
/// Baselines in the same run: a System.Threading.Channels single-producer
/// handoff per command (write then read, one thread), and one real syscall (ioctl(FIONREAD) on
/// a pipe through the libc backend); plus the simulated dispatch of a trivial DRM ioctl, and the
/// Xe path per command: EXEC of an empty batch with a user fence → the simulated engine runs the
/// ring and writes the fence → WAIT_USER_FENCE satisfied, single and 32 EXECs per wait (inline).
/// </summary>
[MemoryDiagnoser]
public class UserModeQueueBenchmarks
{
    private const int Capacity = UserModeQueueFixture.Capacity;
    private const int Batches = 32;
    private const int BatchedCommands = Capacity * Batches;

    // Two batches in flight fill the queue: CTX_MAX_CMDS (aie4_host_queue.h) caps capacity at 32.
    private const int PipelinedBatch = Capacity / 2;
    private const int PipelinedBatches = BatchedCommands / PipelinedBatch;

    private UserModeQueueFixture _inline = null!;
    private UserModeQueueFixture _threaded = null!;
    private PipeFionread _pipe = null!;
    private DeviceFile _noopFile = null!;
    private IoctlRequest<ulong> _noop;
    private Channel<ulong> _channel = null!;
    private XeExecFixture _xe = null!;
    private BareSlotRing _ring = null!;

    [GlobalSetup]
    public void Setup()
    {
        _inline = new UserModeQueueFixture(FirmwareExecution.Inline);
        _threaded = new UserModeQueueFixture(FirmwareExecution.Threaded);
        _ring = new BareSlotRing();
        _xe = new XeExecFixture(FirmwareExecution.Inline);

        _pipe = new PipeFionread();

        var noopKernel = new SimulatedKernel();
        var noopDriver = new NoopDrmDriver();
        DrmDevice.Create(noopKernel, noopDriver, DrmIoctlTable.Create<DrmFile>(0));
        _noopFile = DeviceFile.Open(noopKernel.CreateProcess("bench"), "/dev/accel/accel0").Value;
        _noop = noopDriver.Request;

        _channel = Channel.CreateUnbounded<ulong>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _inline.Dispose();
        _threaded.Dispose();
        _ring.Dispose();
        _xe.Dispose();
        _pipe.Dispose();
        _noopFile.Dispose();
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
    public int RealSyscall() => _pipe.Call();

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
        ulong seq = _inline.Push();
        _inline.Ring();
        return _inline.Wait(seq);
    }

    [Benchmark(OperationsPerInvoke = BatchedCommands, Description = "UMQ submit → firmware → WAIT_CMD, batched 32, per command")]
    public int UmqBatched() => Batched(_inline);

    [Benchmark(OperationsPerInvoke = BatchedCommands, Description = "UMQ batched 32, firmware on its own thread, per command")]
    public int UmqBatchedThreadedFirmware() => Batched(_threaded);

    [Benchmark(OperationsPerInvoke = BatchedCommands, Description = "bare two-thread ring, 64-byte slots, batched 32 (floor), per command")]
    public ulong BareRingBatched()
    {
        ulong read = 0;
        for (int batch = 0; batch < Batches; batch++)
        {
            read = _ring.Batch();
        }

        return read;
    }

    [Benchmark(OperationsPerInvoke = BatchedCommands, Description = "UMQ pipelined, two batches of 16 in flight, firmware on its own thread, per command")]
    public int UmqPipelinedThreadedFirmware()
    {
        UserModeQueueFixture queue = _threaded;
        int result = 0;
        ulong previous = 0;
        for (int batch = 0; batch < PipelinedBatches; batch++)
        {
            ulong last = queue.PushBatch(PipelinedBatch);
            queue.Ring();
            if (batch > 0)
            {
                result |= queue.Wait(previous);
            }

            previous = last;
        }

        return result | queue.Wait(previous); // each invocation ends with the queue drained
    }

    [Benchmark(OperationsPerInvoke = BatchedCommands, Description = "bare two-thread ring, 64-byte slots, pipelined 2 × 16 (floor), per command")]
    public ulong BareRingPipelined()
    {
        ulong previous = 0;
        for (int batch = 0; batch < PipelinedBatches; batch++)
        {
            ulong written = _ring.Submit(PipelinedBatch);
            if (batch > 0)
            {
                _ring.WaitFor(previous);
            }

            previous = written;
        }

        _ring.WaitFor(previous);
        return previous;
    }

    [Benchmark(Description = "Xe EXEC → engine → user fence → WAIT_USER_FENCE, single")]
    public int XeExecSingle() => _xe.Wait(_xe.Exec());

    [Benchmark(OperationsPerInvoke = BatchedCommands, Description = "Xe EXEC × 32 → one WAIT_USER_FENCE, per command")]
    public int XeExecBatched()
    {
        int result = 0;
        for (int batch = 0; batch < Batches; batch++)
        {
            ulong last = 0;
            for (int i = 0; i < Capacity; i++)
            {
                last = _xe.Exec();
            }

            result |= _xe.Wait(last);
        }

        return result;
    }

    // One doorbell and one WAIT_CMD per 32 commands.
    private static int Batched(UserModeQueueFixture queue)
    {
        int result = 0;
        for (int batch = 0; batch < Batches; batch++)
        {
            ulong last = 0;
            for (int i = 0; i < Capacity; i++)
            {
                last = queue.Push();
            }

            queue.Ring();
            result |= queue.Wait(last);
        }

        return result;
    }
}
