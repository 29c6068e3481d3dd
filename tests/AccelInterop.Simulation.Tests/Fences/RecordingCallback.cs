using AccelInterop.Simulation.Fences;

namespace AccelInterop.Simulation.Tests.Fences;

/// <summary>A callback that records its runs: which callback, in what order, seeing which fence status.</summary>
internal sealed class RecordingCallback(int id, List<(int Id, int Status)>? log = null) : DmaFenceCallback
{
    public int Runs { get; private set; }

    protected override void Invoke(DmaFence fence)
    {
        Runs++;
        log?.Add((id, fence.Status));
    }
}
