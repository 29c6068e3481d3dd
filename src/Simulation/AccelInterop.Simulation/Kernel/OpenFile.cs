using AccelInterop.Runtime.Devices;

namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// An open file description (<c>struct file</c>): shared by every descriptor that refers to
/// it — in one process after dup, across processes after passing it over a socket — and by
/// mappings. Released when the last reference goes.
/// </summary>
public sealed class OpenFile
{
    private int _references = 1;

    internal OpenFile(IFileOperations operations, OpenFlags flags)
    {
        Operations = operations;
        Flags = flags;
    }

    public IFileOperations Operations { get; }
    public OpenFlags Flags { get; }

    public int ReferenceCount => Volatile.Read(ref _references);

    public bool IsReleased => Volatile.Read(ref _references) == 0;

    /// <summary>Takes a reference unless the file is already released (the lookup side of fdget).</summary>
    internal bool TryGet()
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

    internal void Get()
    {
        if (!TryGet())
        {
            throw new InvalidOperationException("reference taken on a released file");
        }
    }

    internal void Put()
    {
        int left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            Operations.Release(this);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("reference dropped on a released file");
        }
    }
}
