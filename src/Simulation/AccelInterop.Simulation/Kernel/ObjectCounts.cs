namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// Live kernel objects of one <see cref="SimulatedKernel"/>, by kind: an open registry. The kernel
/// core, the DRM core and each driver declare their kinds (<see cref="ObjectKind"/>) and count
/// through the counter they get here, so a test can check that nothing leaked — every count back
/// to zero after close — or watch an error path, without the kernel knowing the kinds in advance.
/// </summary>
public sealed class ObjectCounts
{
    private readonly Lock _lock = new();
    private ObjectCounter[] _counters = [];

    /// <param name="clock">The kernel's CLOCK_MONOTONIC in nanoseconds, for the ages of <see cref="UnsignaledFences"/> (default: the host's).</param>
    public ObjectCounts(Func<long>? clock = null) => UnsignaledFences = new Fences.UnsignaledFences(clock);

    /// <summary>Live fences counted here that have not signalled, with their age (<see cref="Fences.UnsignaledFences.Snapshot"/>).</summary>
    public Fences.UnsignaledFences UnsignaledFences { get; }

    /// <summary>The counter of <paramref name="kind"/> in this kernel, declared on first use (callers keep it).</summary>
    public ObjectCounter Counter(ObjectKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        foreach (ObjectCounter counter in Volatile.Read(ref _counters))
        {
            if (ReferenceEquals(counter.Kind, kind))
            {
                return counter;
            }
        }

        lock (_lock)
        {
            foreach (ObjectCounter counter in _counters)
            {
                if (ReferenceEquals(counter.Kind, kind))
                {
                    return counter;
                }
            }

            var added = new ObjectCounter(kind);
            Volatile.Write(ref _counters, [.. _counters, added]);
            return added;
        }
    }

    /// <summary>The live count of <paramref name="kind"/> (0 for a kind never counted here).</summary>
    public int this[ObjectKind kind] => Counter(kind).Value;

    /// <summary>Every declared kind's counter, in declaration order.</summary>
    public IReadOnlyList<ObjectCounter> All => Volatile.Read(ref _counters);

    /// <summary>Whether every count of every declared kind is zero.</summary>
    public bool AllZero => Volatile.Read(ref _counters).All(counter => counter.Value == 0) && UnsignaledFences.Count == 0;

    public override string ToString()
    {
        string counts = string.Join(", ", Volatile.Read(ref _counters).Select(counter => counter.ToString()));
        int unsignaled = UnsignaledFences.Count;
        return unsignaled == 0 ? counts : $"{counts}, unsignalled fences {unsignaled}";
    }
}
