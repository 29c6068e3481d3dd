using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Amdxdna;

/// <summary>
/// Per-file state (<c>amdxdna_client</c>, amdxdna.md §2): contexts with cyclic ids 1..255, the
/// device heap — its chunks at their device addresses from DEV_MEM_BASE (one reference each) —
/// and the heap's range allocator for DEV BOs (drm_mm, first fit, 32 KiB aligned).
/// </summary>
public sealed class AmdxdnaClient
{
    private readonly Lock _lock = new();
    private readonly AmdxdnaHwctx?[] _contexts = new AmdxdnaHwctx?[AmdxdnaGenerations.MaxHwctxId + 1];
    private readonly IovaSpace<AmdxdnaBo> _heapChunks;
    private readonly IovaSpace<AmdxdnaBo> _heapRanges;
    private uint _nextId = 1;

    internal AmdxdnaClient(DrmFile file, int pid, ulong heapMax)
    {
        File = file;
        Pid = pid;
        _heapChunks = new IovaSpace<AmdxdnaBo>(AmdxdnaGenerations.DevMemBase, AmdxdnaGenerations.DevMemBase + heapMax - 1);
        _heapRanges = new IovaSpace<AmdxdnaBo>(0, heapMax - 1);
    }

    public DrmFile File { get; }
    public DrmDevice Device => File.Device;
    public int Pid { get; }

    /// <summary>The client's hwctx_srcu: EXEC_CMD and WAIT_CMD look a context up and use it under it; a destroy synchronizes with it before fini.</summary>
    internal Srcu HwctxSrcu { get; } = new();

    /// <summary>The client's mm_lock: heap chunks are checked against the heap maximum and added under it.</summary>
    internal Lock HeapLock { get; } = new();

    public ulong HeapSize => (ulong)_heapChunks.Mappings.Sum(chunk => (long)chunk.Length);

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

    internal IReadOnlyList<AmdxdnaBo> HeapChunks => [.. _heapChunks.Mappings.Select(chunk => chunk.Value!)];

    /// <summary>The heap chunk holding [<paramref name="address"/>, +<paramref name="length"/>) of the client's device addresses, or null.</summary>
    internal AmdxdnaBo? HeapChunkAt(ulong address, ulong length) => _heapChunks.Find(address, length)?.Value;

    /// <summary>Adds a chunk made at the end of the heap under <see cref="HeapLock"/> (so it cannot overlap); the table holds a reference.</summary>
    internal void AddHeapChunk(AmdxdnaBo chunk)
    {
        if (_heapChunks.Map(chunk.DeviceAddress, chunk.Size, (AmdxdnaBo)chunk.Get()) < 0)
        {
            chunk.Put();
            throw new InvalidOperationException($"heap chunk at 0x{chunk.DeviceAddress:x} overlaps the heap");
        }
    }

    internal List<AmdxdnaBo> RemoveHeapChunks()
    {
        var removed = new List<IovaMapping<AmdxdnaBo>>();
        _heapChunks.Unmap(_heapChunks.First, _heapChunks.Last - _heapChunks.First + 1, IovaUnmapMode.WholeMappingsOnly, removed);
        return [.. removed.Select(chunk => chunk.Value!)];
    }

    // drm_mm first fit with 32 KiB alignment over the heap: the offset, or -ENOSPC.
    internal long AllocateHeapRange(ulong size) => _heapRanges.Allocate(size, AmdxdnaGenerations.DevBoAlignment, value: null);

    internal void FreeHeapRange(ulong offset, ulong size) => _heapRanges.Unmap(offset, size, IovaUnmapMode.WholeMappingsOnly);
}
