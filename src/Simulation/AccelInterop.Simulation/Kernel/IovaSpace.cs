using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Kernel;

/// <summary>One mapping of an <see cref="IovaSpace{T}"/>: [<see cref="Start"/>, +<see cref="Length"/>) shows <see cref="Value"/> from <see cref="Offset"/> on.</summary>
public readonly record struct IovaMapping<T>(ulong Start, ulong Length, T? Value, ulong Offset) where T : class
{
    /// <summary>The last address of the mapping (inclusive, so a mapping may end at the top of the space).</summary>
    public ulong Last => Start + Length - 1;
}

/// <summary>How <see cref="IovaSpace{T}.Unmap"/> treats a mapping the range only partly covers.</summary>
public enum IovaUnmapMode
{
    /// <summary>Cut it: the parts outside the range stay mapped, their offsets kept (drm_gpuvm's remap, type1 v1).</summary>
    Split,

    /// <summary>Refuse with -EINVAL: a range may not start or end inside a mapping (VFIO type1 v2).</summary>
    WholeMappingsOnly,
}

/// <summary>
/// A device address space — an IOMMU domain, a GPU VM, a device heap — as one interval map of
/// mappings over [<see cref="First"/>, <see cref="Last"/>], with every rule in one place: page
/// alignment and non-empty ranges (-EINVAL), ranges that wrap (-EOVERFLOW) or leave the space
/// (-EINVAL), overlap (-EEXIST), first-fit allocation with alignment (-ENOSPC), partial unmap
/// (split or refused), merging of adjacent mappings that continue each other, and lookup.
/// Thread-safe.
/// </summary>
public sealed class IovaSpace<T> where T : class
{
    private readonly Lock _lock = new();
    private readonly List<IovaMapping<T>> _mappings = [];

    /// <param name="first">The lowest address of the space.</param>
    /// <param name="last">The highest address of the space (inclusive).</param>
    /// <param name="pageSize">The granule starts and lengths must be multiples of (a power of two).</param>
    public IovaSpace(ulong first, ulong last, ulong pageSize = Page.Size)
    {
        if (pageSize == 0 || (pageSize & (pageSize - 1)) != 0 || last < first)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), "a power-of-two page size over a non-empty space");
        }

        First = first;
        Last = last;
        PageSize = pageSize;
    }

    public ulong First { get; }
    public ulong Last { get; }
    public ulong PageSize { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _mappings.Count;
            }
        }
    }

    /// <summary>The mappings in address order (a snapshot).</summary>
    public IReadOnlyList<IovaMapping<T>> Mappings
    {
        get
        {
            lock (_lock)
            {
                return [.. _mappings];
            }
        }
    }

    /// <summary>
    /// Maps [<paramref name="start"/>, +<paramref name="length"/>) to <paramref name="value"/> at
    /// <paramref name="offset"/>: 0, or -EINVAL (unaligned, empty, outside the space), -EOVERFLOW
    /// (the range wraps), -EEXIST (it overlaps a mapping). With <paramref name="merge"/>, a neighbour
    /// showing the same value at the continuing offset becomes one mapping with it.
    /// </summary>
    public int Map(ulong start, ulong length, T? value, ulong offset = 0, bool merge = false)
    {
        int checkedRange = CheckRange(start, length);
        if (checkedRange < 0)
        {
            return checkedRange;
        }

        lock (_lock)
        {
            int index = FirstEndingAtOrAfter(start);
            if (index < _mappings.Count && _mappings[index].Start <= start + length - 1)
            {
                return -EEXIST;
            }

            Insert(index, new IovaMapping<T>(start, length, value, offset), merge);
            return 0;
        }
    }

    /// <summary>
    /// Maps <paramref name="length"/> bytes at the lowest free address aligned to
    /// <paramref name="alignment"/> (first fit, as drm_mm and the IOVA allocators): the address,
    /// or -EINVAL (bad length or alignment), -ENOSPC (no room).
    /// </summary>
    public long Allocate(ulong length, ulong alignment, T? value, ulong offset = 0)
    {
        if (length == 0 || length % PageSize != 0 || alignment < PageSize || (alignment & (alignment - 1)) != 0)
        {
            return -EINVAL;
        }

        lock (_lock)
        {
            ulong candidate = AlignUp(First, alignment, out bool wrapped);
            for (int i = 0; !wrapped && i <= _mappings.Count; i++)
            {
                ulong limit = i < _mappings.Count ? _mappings[i].Start : Last;
                bool fits = i < _mappings.Count
                    ? candidate < limit && limit - candidate >= length
                    : candidate <= limit && limit - candidate >= length - 1;
                if (fits)
                {
                    Insert(i, new IovaMapping<T>(candidate, length, value, offset), merge: false);
                    return (long)candidate;
                }

                if (i < _mappings.Count && _mappings[i].Last >= candidate)
                {
                    candidate = _mappings[i].Last == ulong.MaxValue ? 0 : AlignUp(_mappings[i].Last + 1, alignment, out wrapped);
                    wrapped |= _mappings[i].Last == ulong.MaxValue;
                }
            }

            return -ENOSPC;
        }
    }

    /// <summary>
    /// Unmaps [<paramref name="start"/>, +<paramref name="length"/>): the bytes unmapped (0 when
    /// nothing was mapped there), or -EINVAL / -EOVERFLOW for a bad range and, with
    /// <see cref="IovaUnmapMode.WholeMappingsOnly"/>, for a range that starts or ends inside a
    /// mapping. What left the space is added to <paramref name="removed"/> (pieces, when split).
    /// </summary>
    public long Unmap(ulong start, ulong length, IovaUnmapMode mode, List<IovaMapping<T>>? removed = null)
    {
        int checkedRange = CheckRange(start, length);
        if (checkedRange < 0)
        {
            return checkedRange;
        }

        ulong last = start + length - 1;
        lock (_lock)
        {
            int index = FirstEndingAtOrAfter(start);
            int end = index;
            while (end < _mappings.Count && _mappings[end].Start <= last)
            {
                end++;
            }

            if (end == index)
            {
                return 0;
            }

            IovaMapping<T> head = _mappings[index], tail = _mappings[end - 1];
            if (mode == IovaUnmapMode.WholeMappingsOnly && (head.Start < start || tail.Last > last))
            {
                return -EINVAL;
            }

            ulong unmapped = 0;
            var kept = new List<IovaMapping<T>>(2);
            for (int i = index; i < end; i++)
            {
                IovaMapping<T> mapping = _mappings[i];
                ulong from = Math.Max(mapping.Start, start), to = Math.Min(mapping.Last, last);
                unmapped += to - from + 1;
                removed?.Add(mapping with { Start = from, Length = to - from + 1, Offset = mapping.Offset + (from - mapping.Start) });
                if (mapping.Start < start)
                {
                    kept.Add(mapping with { Length = start - mapping.Start });
                }

                if (mapping.Last > last)
                {
                    kept.Add(mapping with { Start = last + 1, Length = mapping.Last - last, Offset = mapping.Offset + (last + 1 - mapping.Start) });
                }
            }

            _mappings.RemoveRange(index, end - index);
            _mappings.InsertRange(index, kept);
            return (long)unmapped;
        }
    }

    /// <summary>Whether any mapping overlaps [<paramref name="start"/>, +<paramref name="length"/>) (a non-empty range that does not wrap).</summary>
    public bool Overlaps(ulong start, ulong length)
    {
        lock (_lock)
        {
            int index = FirstEndingAtOrAfter(start);
            return length != 0 && index < _mappings.Count && _mappings[index].Start <= start + (length - 1);
        }
    }

    /// <summary>Removes the mapping that starts at <paramref name="start"/> when it shows <paramref name="value"/>; whether it did.</summary>
    public bool Remove(ulong start, T value)
    {
        lock (_lock)
        {
            int index = FirstEndingAtOrAfter(start);
            if (index < _mappings.Count && _mappings[index].Start == start && ReferenceEquals(_mappings[index].Value, value))
            {
                _mappings.RemoveAt(index);
                return true;
            }

            return false;
        }
    }

    /// <summary>The mapping that holds all of [<paramref name="address"/>, +<paramref name="length"/>) (an empty range may sit at its end), or null.</summary>
    public IovaMapping<T>? Find(ulong address, ulong length)
    {
        lock (_lock)
        {
            for (int i = Math.Max(0, FirstEndingAtOrAfter(address) - 1); i < _mappings.Count && _mappings[i].Start <= address; i++)
            {
                IovaMapping<T> mapping = _mappings[i];
                ulong into = address - mapping.Start;
                if (into <= mapping.Length && length <= mapping.Length - into)
                {
                    return mapping;
                }
            }

            return null;
        }
    }

    private int CheckRange(ulong start, ulong length)
    {
        if (length == 0 || start % PageSize != 0 || length % PageSize != 0)
        {
            return -EINVAL;
        }

        if (start + (length - 1) < start)
        {
            return -EOVERFLOW;
        }

        return start < First || start + (length - 1) > Last ? -EINVAL : 0;
    }

    // The index of the first mapping whose last address is at or after address (binary search).
    private int FirstEndingAtOrAfter(ulong address)
    {
        int low = 0, high = _mappings.Count;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (_mappings[middle].Last < address)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private void Insert(int index, IovaMapping<T> mapping, bool merge)
    {
        if (merge && index > 0 && Continues(_mappings[index - 1], mapping))
        {
            mapping = _mappings[index - 1] with { Length = _mappings[index - 1].Length + mapping.Length };
            _mappings.RemoveAt(--index);
        }

        if (merge && index < _mappings.Count && Continues(mapping, _mappings[index]))
        {
            mapping = mapping with { Length = mapping.Length + _mappings[index].Length };
            _mappings.RemoveAt(index);
        }

        _mappings.Insert(index, mapping);
    }

    // b starts where a ends and shows the same value from where a's offset leaves off.
    private static bool Continues(IovaMapping<T> a, IovaMapping<T> b) =>
        a.Last + 1 == b.Start && ReferenceEquals(a.Value, b.Value) && a.Offset + a.Length == b.Offset;

    private static ulong AlignUp(ulong value, ulong alignment, out bool wrapped)
    {
        ulong aligned = (value + alignment - 1) & ~(alignment - 1);
        wrapped = aligned < value;
        return aligned;
    }
}
