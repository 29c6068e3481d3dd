using System.Threading.Channels;
using BenchmarkDotNet.Attributes;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>
/// A small inline REMOTE_INVOKE round trip (64 bytes in, 64 out, echoed by the simulated DSP):
/// context, payload buffer, pack, send, the DSP's answer, copy-back — with the DSP inline and on
/// its own thread. Baselines in the same run: one System.Threading.Channels single-producer
/// handoff (write then read, one thread) and one real syscall (ioctl(FIONREAD) on a pipe).
/// The memory diagnoser gives the allocations per invoke.
/// </summary>
[MemoryDiagnoser]
public class QdaInvokeBenchmarks
{
    private Channel<ulong> _channel = null!;
    private PipeFionread _pipe = null!;
    private QdaInvokeFixture _inline = null!;
    private QdaInvokeFixture _threaded = null!;

    [GlobalSetup]
    public void Setup()
    {
        _channel = Channel.CreateUnbounded<ulong>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _pipe = new PipeFionread();
        _inline = new QdaInvokeFixture(Simulation.Kernel.FirmwareExecution.Inline);
        _threaded = new QdaInvokeFixture(Simulation.Kernel.FirmwareExecution.Threaded);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipe.Dispose();
        _inline.Dispose();
        _threaded.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Channels SPSC handoff, one item")]
    public ulong ChannelHandoff()
    {
        _channel.Writer.TryWrite(1);
        _channel.Reader.TryRead(out ulong item);
        return item;
    }

    [Benchmark(Description = "ioctl(FIONREAD), real syscall (libc backend)")]
    public int RealSyscall() => _pipe.Call();

    [Benchmark(Description = "QDA REMOTE_INVOKE 64 B inline echo, DSP inline")]
    public int QdaInvokeInline() => _inline.Invoke();

    [Benchmark(Description = "QDA REMOTE_INVOKE 64 B inline echo, DSP on its own thread")]
    public int QdaInvokeThreaded() => _threaded.Invoke();
}
