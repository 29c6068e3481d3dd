using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// A range allocator over [start, start + size) in whole units (<c>drm_mm.c</c>): a node takes the
/// smallest hole that fits, at its low end (DRM_MM_INSERT_BEST), and a removed node's range joins
/// its neighbouring holes again, so freed ranges are reused. Not thread-safe: the owner locks.
/// </summary>
internal sealed class DrmMm
{
    private readonly Dictionary<ulong, ulong> _holeSizeByStart = [];
    private readonly Dictionary<ulong, ulong> _holeStartByEnd = [];

    public DrmMm(ulong start, ulong size)
    {
        if (size > 0)
        {
            AddHole(start, size);
        }
    }

    /// <summary>
    /// drm_mm_insert_node_in_range (no alignment, whole range): the start of a new node of
    /// <paramref name="size"/> units, or -ENOSPC for size 0 or when no hole is large enough.
    /// </summary>
    public int Insert(ulong size, out ulong start)
    {
        start = 0;
        if (size == 0)
        {
            return -ENOSPC;
        }

        bool found = false;
        ulong bestSize = ulong.MaxValue;
        foreach ((ulong holeStart, ulong holeSize) in _holeSizeByStart)
        {
            if (holeSize >= size && (holeSize < bestSize || (holeSize == bestSize && holeStart < start)))
            {
                (start, bestSize, found) = (holeStart, holeSize, true);
            }
        }

        if (!found)
        {
            return -ENOSPC;
        }

        RemoveHole(start, bestSize);
        if (bestSize > size)
        {
            AddHole(start + size, bestSize - size);
        }

        return 0;
    }

    /// <summary>drm_mm_remove_node: [<paramref name="start"/>, +<paramref name="size"/>) becomes free and joins its neighbours.</summary>
    public void Remove(ulong start, ulong size)
    {
        if (_holeStartByEnd.TryGetValue(start, out ulong before))
        {
            ulong beforeSize = _holeSizeByStart[before];
            RemoveHole(before, beforeSize);
            (start, size) = (before, size + beforeSize);
        }

        if (_holeSizeByStart.TryGetValue(start + size, out ulong afterSize))
        {
            RemoveHole(start + size, afterSize);
            size += afterSize;
        }

        AddHole(start, size);
    }

    private void AddHole(ulong start, ulong size)
    {
        _holeSizeByStart.Add(start, size);
        _holeStartByEnd.Add(start + size, start);
    }

    private void RemoveHole(ulong start, ulong size)
    {
        _holeSizeByStart.Remove(start);
        _holeStartByEnd.Remove(start + size);
    }
}
