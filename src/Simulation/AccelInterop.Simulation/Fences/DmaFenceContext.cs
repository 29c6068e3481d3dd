namespace AccelInterop.Simulation.Fences;

/// <summary>
/// A dma_fence timeline (what <c>dma_fence_context_alloc</c> hands out): fences of one context
/// signal in seqno order, so their seqnos can be compared. Also counts its live fences and the
/// ones released with callbacks still pending, so leaks and the "released with pending
/// signals" warning are observable.
/// </summary>
public sealed class DmaFenceContext
{
    private static long s_lastContext;
    private long _lastSeqno;
    private int _liveFences;
    private int _releasedWithPendingSignals;
    private readonly Kernel.ObjectCounter? _counter;
    private readonly UnsignaledFences? _unsignaled;

    /// <param name="use64BitSeqno">Seqnos compare as plain 64-bit numbers; otherwise as wrapping 32-bit ones.</param>
    /// <param name="counts">Kernel-wide counts that also track this context's live fences.</param>
    public DmaFenceContext(string driverName, string timelineName, bool use64BitSeqno = false, ulong firstSeqno = 1,
        Kernel.ObjectCounts? counts = null)
    {
        _counter = counts?.Counter(DmaFence.Fences);
        _unsignaled = counts?.UnsignaledFences;
        DriverName = driverName;
        TimelineName = timelineName;
        Use64BitSeqno = use64BitSeqno;
        Id = (ulong)Interlocked.Increment(ref s_lastContext);
        _lastSeqno = (long)(firstSeqno - 1);
    }

    /// <summary>The context number, unique in the process like the kernel's.</summary>
    public ulong Id { get; }

    public string DriverName { get; }
    public string TimelineName { get; }
    public bool Use64BitSeqno { get; }

    /// <summary>Fences of this context created and not yet released.</summary>
    public int LiveFences => Volatile.Read(ref _liveFences);

    /// <summary>Fences released unsignalled with callbacks queued (a kernel WARN each time).</summary>
    public int ReleasedWithPendingSignals => Volatile.Read(ref _releasedWithPendingSignals);

    /// <summary>The next seqno of the timeline (the first is the constructor's <c>firstSeqno</c>).</summary>
    public ulong NextSeqno() => (ulong)Interlocked.Increment(ref _lastSeqno);

    /// <summary>
    /// Whether <paramref name="seqno"/> comes after <paramref name="other"/> on this timeline
    /// (<c>__dma_fence_is_later</c>): 32-bit seqnos compare by signed difference, so the
    /// order survives wrapping.
    /// </summary>
    public bool IsLater(ulong seqno, ulong other) =>
        Use64BitSeqno ? seqno > other : (int)((uint)seqno - (uint)other) > 0;

    internal void FenceCreated(DmaFence fence)
    {
        Interlocked.Increment(ref _liveFences);
        _counter?.Add(1);
        _unsignaled?.Add(fence);
    }

    // Signalled or released: the fence leaves the kernel's list of unsignalled ones.
    internal void FenceDone(DmaFence fence) => _unsignaled?.Remove(fence);

    internal void FenceReleased(bool pendingSignals)
    {
        if (pendingSignals)
        {
            Interlocked.Increment(ref _releasedWithPendingSignals);
        }

        Interlocked.Decrement(ref _liveFences);
        _counter?.Add(-1);
    }

    public override string ToString() => $"{DriverName}:{TimelineName} (context {Id})";
}
