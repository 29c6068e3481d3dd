namespace AccelInterop.Simulation.Fences;

/// <summary>
/// <c>dma_fence_get_stub</c>: the one always-signalled fence, handed out where "nothing to wait
/// for" still needs a fence (an empty reservation exported as a sync_file). It is never released,
/// so its context is not counted with the kernel's live fences.
/// </summary>
public static class DmaFenceStub
{
    private static readonly DmaFence s_stub = CreateSignaled();

    /// <summary>The stub with a reference for the caller.</summary>
    public static DmaFence Get() => s_stub.Get();

    private static DmaFence CreateSignaled()
    {
        var fence = new DmaFence(new DmaFenceContext("stub", "stub"), 0);
        fence.Signal();
        return fence;
    }
}
