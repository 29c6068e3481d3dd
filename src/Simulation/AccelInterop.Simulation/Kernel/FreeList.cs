namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// Released objects of one kind kept for reuse (what a kmem_cache does for the kernel's per-command
/// objects): an object goes back only once nothing refers to it any more, and comes out made new
/// by its owner. Holds at most <c>capacity</c>; the rest are left to the collector. Thread-safe.
/// </summary>
internal sealed class FreeList<T>(int capacity) where T : class
{
    private readonly Lock _lock = new();
    private readonly Stack<T> _items = new();

    public bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? item)
    {
        lock (_lock)
        {
            return _items.TryPop(out item);
        }
    }

    public void Return(T item)
    {
        lock (_lock)
        {
            if (_items.Count < capacity)
            {
                _items.Push(item);
            }
        }
    }
}
