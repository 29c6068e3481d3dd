using AccelInterop.Simulation.Fences;
using BenchmarkDotNet.Attributes;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>
/// The dma_fence life of one command: create, queue a callback, signal, release. Baseline: a
/// fence with no callback, so the ratio is the callback's cost.
/// </summary>
[MemoryDiagnoser]
public class FenceBenchmarks
{
    private readonly DmaFenceContext _context = new("bench", "ring0");
    private readonly CountingCallback _callback = new();

    [Benchmark(Baseline = true, Description = "fence create, signal, put")]
    public int SignalOnly()
    {
        var fence = new DmaFence(_context, _context.NextSeqno());
        fence.Signal();
        fence.Put();
        return _callback.Count;
    }

    [Benchmark(Description = "fence create, add callback, signal, put")]
    public int SignalWithCallback()
    {
        var fence = new DmaFence(_context, _context.NextSeqno());
        fence.AddCallback(_callback);
        fence.Signal();
        fence.Put();
        return _callback.Count;
    }

    private sealed class CountingCallback : DmaFenceCallback
    {
        public int Count;

        protected override void Invoke(DmaFence fence) => Count++;
    }
}
