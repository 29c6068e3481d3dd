using System.Runtime.InteropServices;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// Sleepable RCU as its callers see it (kernel/rcu/srcutree.c): <see cref="ReadLock"/> and
/// <see cref="ReadUnlock"/> take no lock, a reader may block in between, and
/// <see cref="Synchronize"/> returns once every reader that entered before it has left; readers
/// that enter later do not hold it up. A driver uses it where the kernel pairs srcu_read_lock
/// around a lookup and what follows with synchronize_srcu before freeing (amdxdna's hwctx_srcu:
/// DESTROY_HWCTX waits for an EXEC_CMD or WAIT_CMD that found the context).
/// </summary>
/// <remarks>
/// Two reader counts, as srcu_struct has two per-CPU halves: a reader counts itself in the half the
/// epoch names; a grace period flips the epoch, then waits until the old half is empty. A reader that
/// counted itself in the old half but sees the epoch moved leaves it and counts again in the new one,
/// so once the old half is seen empty no reader is left in it.
/// </remarks>
public sealed class Srcu
{
    private readonly Lock _gracePeriod = new(); // one grace period at a time (srcu_gp_mutex)
    private readonly WaitQueue _readersLeft = new();
    private readonly Halves _readers = new();
    private int _epoch;
    private int _synchronizing;

    /// <summary>Enters a read-side section; the index goes to <see cref="ReadUnlock"/> (srcu_read_lock).</summary>
    public int ReadLock()
    {
        while (true)
        {
            int index = Volatile.Read(ref _epoch) & 1;
            Interlocked.Increment(ref _readers[index]);
            if ((Volatile.Read(ref _epoch) & 1) == index)
            {
                return index;
            }

            ReadUnlock(index);
        }
    }

    /// <summary>Leaves the read-side section <paramref name="index"/> came from (srcu_read_unlock).</summary>
    public void ReadUnlock(int index)
    {
        // The decrement is a full fence before the look at _synchronizing; Synchronize announces itself
        // with a full fence before it looks at the count: one of the two sees the other.
        if (Interlocked.Decrement(ref _readers[index]) == 0 && Volatile.Read(ref _synchronizing) != 0)
        {
            _readersLeft.WakeUpAll();
        }
    }

    /// <summary>
    /// Waits until every reader that entered before this call has left (synchronize_srcu). Not
    /// interruptible, as in the kernel: a reader that never leaves holds the caller for ever.
    /// </summary>
    public void Synchronize()
    {
        lock (_gracePeriod)
        {
            int old = Interlocked.Increment(ref _epoch) - 1 & 1;
            Interlocked.Increment(ref _synchronizing);
            try
            {
                var spinner = default(SpinWait);
                while (true)
                {
                    long generation = _readersLeft.Generation;
                    if (Volatile.Read(ref _readers[old]) == 0)
                    {
                        return;
                    }

                    if (spinner.NextSpinWillYield)
                    {
                        _readersLeft.Wait(generation, TimeSpan.FromMilliseconds(1));
                    }
                    else
                    {
                        spinner.SpinOnce(sleep1Threshold: -1);
                    }
                }
            }
            finally
            {
                Interlocked.Decrement(ref _synchronizing);
            }
        }
    }

    // The two counts on lines of their own: readers on one core, a grace period's look on another.
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private sealed class Halves
    {
        [FieldOffset(64)]
        private int _first;

        [FieldOffset(128)]
        private int _second;

        public ref int this[int index] => ref index == 0 ? ref _first : ref _second;
    }
}
