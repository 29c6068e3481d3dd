using AccelInterop.Simulation.Drm;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Amdxdna;

/// <summary>
/// Per-file state (<c>amdxdna_client</c>, amdxdna.md §2): contexts with cyclic ids 1..255, the
/// device-heap chunks (one reference each) and the heap range allocator for DEV BOs.
/// </summary>
public sealed class AmdxdnaClient
{
    private readonly Lock _lock = new();
    private readonly AmdxdnaHwctx?[] _contexts = new AmdxdnaHwctx?[AmdxdnaGenerations.MaxHwctxId + 1];
    private readonly List<AmdxdnaBo> _heapChunks = [];
    private readonly SortedDictionary<ulong, ulong> _heapRanges = [];
    private uint _nextId = 1;

    internal AmdxdnaClient(DrmFile file, int pid)
    {
        File = file;
        Pid = pid;
    }

    public DrmFile File { get; }
    public DrmDevice Device => File.Device;
    public int Pid { get; }

    public ulong HeapSize
    {
        get
        {
            lock (_lock)
            {
                return (ulong)_heapChunks.Sum(c => (long)c.Size);
            }
        }
    }

    public int ContextCount
    {
        get
        {
            lock (_lock)
            {
                return _contexts.Count(c => c is not null);
            }
        }
    }

    /// <summary>Lock-free lookup (the kernel's xa_load under SRCU).</summary>
    public AmdxdnaHwctx? Context(uint id) => id is > 0 and <= AmdxdnaGenerations.MaxHwctxId ? Volatile.Read(ref _contexts[id]) : null;

    // xa_alloc_cyclic in [1, 255]: -EBUSY when full.
    internal int AddContext(AmdxdnaHwctx context)
    {
        lock (_lock)
        {
            for (int tried = 0; tried < AmdxdnaGenerations.MaxHwctxId; tried++)
            {
                uint id = _nextId;
                _nextId = _nextId == AmdxdnaGenerations.MaxHwctxId ? 1 : _nextId + 1;
                if (_contexts[id] is null)
                {
                    context.Id = id;
                    Volatile.Write(ref _contexts[id], context);
                    return (int)id;
                }
            }

            return -EBUSY;
        }
    }

    internal AmdxdnaHwctx? RemoveContext(uint id)
    {
        if (id is 0 or > AmdxdnaGenerations.MaxHwctxId)
        {
            return null;
        }

        lock (_lock)
        {
            AmdxdnaHwctx? context = _contexts[id];
            _contexts[id] = null;
            return context;
        }
    }

    internal List<AmdxdnaHwctx> RemoveAllContexts()
    {
        lock (_lock)
        {
            List<AmdxdnaHwctx> all = [.. _contexts.OfType<AmdxdnaHwctx>()];
            Array.Clear(_contexts);
            return all;
        }
    }

    internal IReadOnlyList<AmdxdnaBo> HeapChunks
    {
        get
        {
            lock (_lock)
            {
                return [.. _heapChunks];
            }
        }
    }

    internal void AddHeapChunk(AmdxdnaBo chunk)
    {
        lock (_lock)
        {
            _heapChunks.Add((AmdxdnaBo)chunk.Get());
        }
    }

    internal List<AmdxdnaBo> RemoveHeapChunks()
    {
        lock (_lock)
        {
            List<AmdxdnaBo> all = [.. _heapChunks];
            _heapChunks.Clear();
            return all;
        }
    }

    // drm_mm first fit with 32 KiB alignment over [0, heapMax): the offset, or -ENOSPC.
    internal long AllocateHeapRange(ulong size, ulong heapMax)
    {
        lock (_lock)
        {
            ulong candidate = 0;
            foreach ((ulong start, ulong length) in _heapRanges)
            {
                if (candidate + size <= start)
                {
                    break;
                }

                candidate = Align(start + length);
            }

            if (candidate + size > heapMax)
            {
                return -ENOSPC;
            }

            _heapRanges.Add(candidate, size);
            return (long)candidate;
        }
    }

    internal void FreeHeapRange(ulong offset, ulong size)
    {
        lock (_lock)
        {
            _heapRanges.Remove(offset);
        }
    }

    private static ulong Align(ulong value) => (value + AmdxdnaGenerations.DevBoAlignment - 1) & ~(AmdxdnaGenerations.DevBoAlignment - 1);
}
