using System.Runtime.CompilerServices;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// A reference-counted kernel object (<c>struct kref</c>): the creator holds the first
/// reference, <see cref="Get"/> and <see cref="TryGet"/> take more, and the <see cref="Put"/> that
/// drops the last one runs <see cref="Release"/> once. With a counter, the object is counted live
/// from construction until released (<see cref="ObjectCounts"/>).
/// </summary>
public abstract class KRef<TSelf> where TSelf : KRef<TSelf>
{
    private readonly ObjectCounter? _counter;
    private int _references = 1;

    protected KRef(ObjectCounter? counter = null)
    {
        _counter = counter;
        counter?.Add(1);
    }

    public int ReferenceCount => Volatile.Read(ref _references);

    /// <summary>Whether the last reference is gone.</summary>
    public bool IsReleased => Volatile.Read(ref _references) <= 0;

    /// <summary>kref_get: another reference; taking one on a released object is a bug and throws.</summary>
    public TSelf Get()
    {
        if (!TryGet())
        {
            ThrowReleased("reference taken on");
        }

        return Unsafe.As<TSelf>(this);
    }

    /// <summary>kref_get_unless_zero: a reference unless the object is already on its way out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet()
    {
        int seen = Volatile.Read(ref _references);
        while (seen > 0)
        {
            int previous = Interlocked.CompareExchange(ref _references, seen + 1, seen);
            if (previous == seen)
            {
                return true;
            }

            seen = previous;
        }

        return false;
    }

    /// <summary>kref_put: drops a reference; the last one releases the object.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Put()
    {
        int left = Interlocked.Decrement(ref _references);
        if (left <= 0)
        {
            LastPut(left);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LastPut(int left)
    {
        if (left < 0)
        {
            Interlocked.Increment(ref _references); // leave the released state as it was
            ThrowReleased("reference dropped on");
        }

        Release();
        _counter?.Add(-1);
    }

    /// <summary>The last reference is gone: free what the object holds. Runs once (until <see cref="Revive"/>).</summary>
    protected abstract void Release();

    /// <summary>
    /// Makes a released object live again with one reference (objects reused from a pool, as the
    /// kernel reuses typesafe-by-RCU slab objects); throws when it is not released.
    /// </summary>
    protected void Revive()
    {
        if (Interlocked.CompareExchange(ref _references, 1, 0) != 0)
        {
            ThrowReleased("only a released object can be reused:");
        }

        _counter?.Add(1);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowReleased(string what) => throw new InvalidOperationException($"{what} {this} (references {ReferenceCount})");
}
