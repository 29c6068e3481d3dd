namespace AccelInterop.Simulation.DmaBufs;

/// <summary>
/// How a fence in a <see cref="DmaResv"/> uses the buffer (<c>enum dma_resv_usage</c>), ordered so
/// that asking for one usage also returns every usage before it.
/// </summary>
public enum DmaResvUsage
{
    /// <summary>Kernel-internal work (moves, clears): everyone waits for it.</summary>
    Kernel,

    /// <summary>Implicitly synchronised writes.</summary>
    Write,

    /// <summary>Implicitly synchronised reads.</summary>
    Read,

    /// <summary>Explicitly synchronised work, never waited for implicitly.</summary>
    Bookkeep,
}
