namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// The trace of a deterministic run, bounded: the newest <see cref="Capacity"/> entries (older
/// ones are overwritten, as in the kernel's trace ring buffer), plus a count and a running
/// digest of every entry ever written, so two runs still compare exactly however long they were.
/// </summary>
public sealed class TraceRing
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;
    private readonly Lock _lock = new();
    private readonly string[] _entries;
    private long _written;
    private ulong _digest = FnvOffset;

    public TraceRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _entries = new string[capacity];
    }

    public int Capacity => _entries.Length;

    /// <summary>Entries written since the start, kept or not.</summary>
    public long Written
    {
        get
        {
            lock (_lock)
            {
                return _written;
            }
        }
    }

    /// <summary>FNV-1a over every entry ever written, in order (with a separator between entries).</summary>
    public ulong Digest
    {
        get
        {
            lock (_lock)
            {
                return _digest;
            }
        }
    }

    public void Add(string entry)
    {
        lock (_lock)
        {
            _entries[(int)(_written % _entries.Length)] = entry;
            _written++;
            ulong digest = _digest;
            foreach (char c in entry)
            {
                digest = (digest ^ c) * FnvPrime;
            }

            _digest = (digest ^ '\n') * FnvPrime;
        }
    }

    /// <summary>The kept entries, oldest first.</summary>
    public string[] Snapshot()
    {
        lock (_lock)
        {
            int kept = (int)Math.Min(_written, _entries.Length);
            var copy = new string[kept];
            long first = _written - kept;
            for (int i = 0; i < kept; i++)
            {
                copy[i] = _entries[(int)((first + i) % _entries.Length)];
            }

            return copy;
        }
    }
}
