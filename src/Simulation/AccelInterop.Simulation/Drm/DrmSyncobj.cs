using AccelInterop.Runtime.Devices;
using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Drm;

/// <summary>
/// A DRM sync object (<c>struct drm_syncobj</c>): either one fence (binary; none = unsubmitted)
/// or a timeline of points, each a fence (the kernel's <c>dma_fence_chain</c>). A point is
/// signalled when its fence and every earlier point's fence are. The syncobj holds a reference
/// on every fence it stores; signalled points before the newest are dropped (chain garbage
/// collection), remembering the highest dropped point.
/// </summary>
public sealed class DrmSyncobj : KRef<DrmSyncobj>
{
    /// <summary>Syncobjs of every DRM device.</summary>
    public static readonly ObjectKind Syncobjs = new("syncobjs");

    private readonly Lock _lock = new();
    private readonly DrmDevice _device;
    private readonly List<(ulong Point, DmaFence Fence)> _chain = [];
    private readonly List<SyncobjEventfd> _eventfds = [];
    private DmaFence? _fence;
    private ulong _collectedPoint;

    public DrmSyncobj(DrmDevice device)
        : base(device.Kernel.Counts.Counter(Syncobjs))
    {
        _device = device;
    }

    /// <summary>drm_syncobj_free: the fence or timeline goes with the last reference.</summary>
    protected override void Release()
    {
        ReplaceFence(null, wake: false);
        List<SyncobjEventfd> pending;
        lock (_lock)
        {
            pending = [.. _eventfds];
            _eventfds.Clear();
        }

        foreach (SyncobjEventfd entry in pending)
        {
            entry.Drop();
        }
    }

    /// <summary>drm_syncobj_add_eventfd: registers <paramref name="entry"/>, armed at once when its point is already submitted.</summary>
    internal void AddEventfd(SyncobjEventfd entry)
    {
        lock (_lock)
        {
            _eventfds.Add(entry);
        }

        ArmSubmittedEventfds();
    }

    // After every change: entries whose point is now submitted leave the syncobj and wait on its fences.
    private void ArmSubmittedEventfds()
    {
        List<(SyncobjEventfd Entry, List<DmaFence> Fences)>? armed = null;
        lock (_lock)
        {
            for (int i = _eventfds.Count - 1; i >= 0; i--)
            {
                if (FencesUpTo(_eventfds[i].Point) is List<DmaFence> fences)
                {
                    (armed ??= []).Add((_eventfds[i], fences));
                    _eventfds.RemoveAt(i);
                }
            }
        }

        if (armed is not null)
        {
            foreach ((SyncobjEventfd entry, List<DmaFence> fences) in armed)
            {
                entry.Arm(fences);
            }
        }
    }

    // dma_fence_chain_find_seqno under the lock: the fences <paramref name="point"/> waits for (with
    // references; empty when it is already signalled), or null while it is not submitted.
    private List<DmaFence>? FencesUpTo(ulong point)
    {
        if (_chain.Count == 0)
        {
            return point == 0 && _fence is not null ? [_fence.Get()]
                : (point == 0 ? _collectedPoint > 0 : _collectedPoint >= point) ? [] : null;
        }

        if (point > _chain[^1].Point)
        {
            return null;
        }

        var fences = new List<DmaFence>();
        if (point != 0 && point <= _collectedPoint)
        {
            return fences;
        }

        foreach ((ulong p, DmaFence f) in _chain)
        {
            fences.Add(f.Get());
            if (point != 0 && p >= point)
            {
                break;
            }
        }

        return fences;
    }

    /// <summary>drm_syncobj_replace_fence: a binary fence (a reference is taken), or null; the timeline is dropped.</summary>
    public void ReplaceFence(DmaFence? fence, bool wake = true)
    {
        fence?.Get();
        DmaFence? old;
        List<(ulong, DmaFence)>? chain = null;
        lock (_lock)
        {
            old = _fence;
            _fence = fence;
            if (_chain.Count > 0)
            {
                chain = [.. _chain];
                _chain.Clear();
            }

            _collectedPoint = 0;
        }

        old?.Put();
        if (chain is not null)
        {
            foreach ((_, DmaFence f) in chain)
            {
                f.Put();
            }
        }

        if (wake)
        {
            ArmSubmittedEventfds();
            _device.Kernel.FenceWakeup.WakeUpAll();
        }
    }

    /// <summary>drm_syncobj_add_point: appends timeline point <paramref name="point"/> carrying <paramref name="fence"/> (a reference is taken).</summary>
    public void AddPoint(ulong point, DmaFence fence)
    {
        fence.Get();
        DmaFence? binary;
        List<DmaFence>? dropped = null;
        lock (_lock)
        {
            binary = _fence;
            _fence = null;
            _chain.Add((point, fence));

            // Garbage-collect signalled points in front of the newest one.
            while (_chain.Count > 1 && _chain[0].Fence.IsSignaled)
            {
                (dropped ??= []).Add(_chain[0].Fence);
                _collectedPoint = Math.Max(_collectedPoint, _chain[0].Point);
                _chain.RemoveAt(0);
            }
        }

        binary?.Put();
        if (dropped is not null)
        {
            foreach (DmaFence f in dropped)
            {
                f.Put();
            }
        }

        ArmSubmittedEventfds();
        _device.Kernel.FenceWakeup.WakeUpAll();
    }

    /// <summary>
    /// Installs an already-signalled stub fence (SIGNAL, CREATE_SIGNALED), or with
    /// <paramref name="asPoint"/> adds it as timeline point <paramref name="point"/>
    /// (TIMELINE_SIGNAL adds a point even for point 0).
    /// </summary>
    public void SignalStub(ulong point = 0, bool asPoint = false)
    {
        var stub = new DmaFence(_device.StubFences, _device.StubFences.NextSeqno());
        stub.Signal();
        if (!asPoint)
        {
            ReplaceFence(stub);
        }
        else
        {
            AddPoint(point, stub);
        }

        stub.Put();
    }

    /// <summary>Whether a fence or a timeline point is present.</summary>
    public bool HasFence
    {
        get
        {
            lock (_lock)
            {
                return _fence is not null || _chain.Count > 0 || _collectedPoint > 0;
            }
        }
    }

    public bool IsTimeline
    {
        get
        {
            lock (_lock)
            {
                return _chain.Count > 0 || _collectedPoint > 0;
            }
        }
    }

    /// <summary>
    /// The state of <paramref name="point"/> (0: the current fence): whether it exists (has been
    /// submitted) and whether it is signalled.
    /// </summary>
    public (bool Exists, bool Signaled) State(ulong point)
    {
        lock (_lock)
        {
            if (_chain.Count == 0)
            {
                if (point == 0)
                {
                    return _fence is null ? (_collectedPoint > 0, _collectedPoint > 0) : (true, _fence.IsSignaled);
                }

                // dma_fence_chain_find_seqno on a non-chain fence: only point 0 exists.
                return _collectedPoint >= point ? (true, true) : (false, false);
            }

            ulong last = _chain[^1].Point;
            if (point > last)
            {
                return (false, false);
            }

            if (point <= _collectedPoint && point != 0)
            {
                return (true, true);
            }

            foreach ((ulong p, DmaFence f) in _chain)
            {
                if (!f.IsSignaled)
                {
                    return (true, false);
                }

                if (point != 0 && p >= point)
                {
                    return (true, true);
                }
            }

            return (true, true);
        }
    }

    /// <summary>QUERY: the highest signalled point, or with <paramref name="lastSubmitted"/> the highest submitted one; 0 for a binary fence.</summary>
    public ulong Query(bool lastSubmitted)
    {
        lock (_lock)
        {
            if (_chain.Count == 0)
            {
                return _collectedPoint;
            }

            if (lastSubmitted)
            {
                return _chain[^1].Point;
            }

            ulong signaled = _collectedPoint;
            foreach ((ulong p, DmaFence f) in _chain)
            {
                if (!f.IsSignaled)
                {
                    break;
                }

                signaled = p;
            }

            return signaled;
        }
    }

    /// <summary>The fence at <paramref name="point"/> (0: current) with a reference, or null when not submitted.</summary>
    public DmaFence? FindFence(ulong point)
    {
        lock (_lock)
        {
            if (_chain.Count == 0)
            {
                return point == 0 ? _fence?.Get() : null;
            }

            if (point == 0)
            {
                return _chain[^1].Fence.Get();
            }

            foreach ((ulong p, DmaFence f) in _chain)
            {
                if (p >= point)
                {
                    return f.Get();
                }
            }

            return null;
        }
    }
}

/// <summary>A file sharing a syncobj (HANDLE_TO_FD without EXPORT_SYNC_FILE); holds a syncobj reference.</summary>
public sealed class SyncobjFile(DrmSyncobj syncobj) : IFileOperations
{
    public DrmSyncobj Syncobj { get; } = syncobj.Get();

    // drm_syncobj_file_fops has only release: ioctl, mmap and poll answer as for any file without them.
    void IFileOperations.Release(OpenFile file) => Syncobj.Put();
}
