using AccelInterop.Simulation.Kernel;
using BenchmarkDotNet.Attributes;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>
/// One command's round trip to firmware on its own thread: AIE4 user-mode-queue submit (slot,
/// write_index, doorbell) → the firmware host's thread advances read_index → WAIT_CMD returns.
/// Baseline in the same run: a bare cross-thread ping-pong with the same wake primitive
/// (<see cref="SpinParkSignal"/>: atomic publish, spin, then park), no simulation at all — the
/// floor any threaded handoff pays.
/// </summary>
[MemoryDiagnoser]
public class FirmwareHandoffBenchmarks
{
    /// <summary>The bare baselines' spin-then-park (this ping-pong and <see cref="BareSlotRing"/>).</summary>
    internal const int SpinsBeforePark = 16384;

    internal static readonly TimeSpan ParkSlice = TimeSpan.FromMilliseconds(1);

    private SpinParkSignal _ping = null!;
    private SpinParkSignal _pong = null!;
    private Thread _partner = null!;
    private volatile bool _stop;

    private UserModeQueueFixture _queue = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ping = new SpinParkSignal();
        _pong = new SpinParkSignal();
        _partner = new Thread(Partner) { IsBackground = true, Name = "ping-pong partner" };
        _partner.Start();
        _queue = new UserModeQueueFixture(FirmwareExecution.Threaded);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop = true;
        _ping.Ring();
        _partner.Join();
        _queue.Dispose();
        _ping.Dispose();
        _pong.Dispose();
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
        ulong seq = _queue.Push();
        _queue.Ring();
        return _queue.Wait(seq);
    }
}
