namespace AccelInterop.Simulation.Drm;

/// <summary>
/// A per-file handle namespace (the kernel's IDR for GEM handles, xarray with ALLOC1 for
/// syncobjs): the lowest free id from 1 is taken, 0 is never valid. Thread-safe.
/// </summary>
public sealed class HandleTable<T> where T : class
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<uint, T> _entries = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Adds <paramref name="value"/> at the lowest free id ≥ 1.</summary>
    public uint Add(T value)
    {
        lock (_lock)
        {
            uint id = 1;
            foreach (uint used in _entries.Keys)
            {
                if (used != id)
                {
                    break;
                }

                id++;
            }

            _entries.Add(id, value);
            return id;
        }
    }

    public T? Get(uint id)
    {
        lock (_lock)
        {
            return _entries.GetValueOrDefault(id);
        }
    }

    /// <summary>The id under which <paramref name="value"/> is stored, 0 if none.</summary>
    public uint Find(T value)
    {
        lock (_lock)
        {
            foreach (KeyValuePair<uint, T> entry in _entries)
            {
                if (ReferenceEquals(entry.Value, value))
                {
                    return entry.Key;
                }
            }

            return 0;
        }
    }

    public T? Remove(uint id)
    {
        lock (_lock)
        {
            return _entries.Remove(id, out T? value) ? value : null;
        }
    }

    /// <summary>Replaces the entry at <paramref name="id"/>; false when absent.</summary>
    public bool Replace(uint id, T value)
    {
        lock (_lock)
        {
            if (!_entries.ContainsKey(id))
            {
                return false;
            }

            _entries[id] = value;
            return true;
        }
    }

    public List<KeyValuePair<uint, T>> RemoveAll()
    {
        lock (_lock)
        {
            List<KeyValuePair<uint, T>> all = [.. _entries];
            _entries.Clear();
            return all;
        }
    }
}
