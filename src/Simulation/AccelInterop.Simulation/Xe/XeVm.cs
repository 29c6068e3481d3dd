using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using static AccelInterop.Simulation.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Xe;

/// <summary>
/// A GPU address space (<c>struct xe_vm</c>): its mode flags, its bindings in an
/// <see cref="IovaSpace{T}"/> over [0, 2^va_bits), the preempt-fence (LR) exec queues registered
/// on it, the last fence of its kernel bind queue, and the closed/banned state. Exec queues and
/// VM-private BOs hold references; the bindings go when the VM is closed (VM_DESTROY, file close).
/// </summary>
public sealed unsafe class XeVm : KRef<XeVm>
{
    /// <summary>VMs of every xe device.</summary>
    public static readonly ObjectKind Vms = new("xe VMs");

    private readonly Lock _lock = new();
    private readonly IovaSpace<XeVmaBacking> _space;
    private int _preemptQueues;
    private readonly XeLastFence _bindLastFence = new();

    internal XeVm(XeDriver driver, uint flags)
        : base(driver.Device.Kernel.Counts.Counter(Vms))
    {
        Driver = driver;
        Flags = flags;
        Size = 1UL << driver.Configuration.VaBits;
        _space = new IovaSpace<XeVmaBacking>(0, Size - 1);
    }

    public XeDriver Driver { get; }
    public uint Flags { get; }

    /// <summary>The VM's size in bytes (1 &lt;&lt; va_bits).</summary>
    public ulong Size { get; }

    public bool IsLongRunning => (Flags & DRM_XE_VM_CREATE_FLAG_LR_MODE) != 0;
    public bool IsFaultMode => (Flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE) != 0;
    public bool HasScratchPage => (Flags & DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE) != 0;

    /// <summary>xe_vm_is_closed_or_banned.</summary>
    public bool IsClosedOrBanned => Volatile.Read(ref _closed) || Volatile.Read(ref _banned);

    private bool _closed;
    private bool _banned;

    /// <summary>Bindings now (pieces of split VMAs count separately).</summary>
    public int BindingCount => _space.Count;

    public IReadOnlyList<IovaMapping<XeVmaBacking>> Bindings => _space.Mappings;

    /// <summary>Preempt-fence (LR, non-fault) exec queues registered on this VM (vm->preempt.num_exec_queues).</summary>
    public int PreemptQueues => Volatile.Read(ref _preemptQueues);

    internal void AddPreemptQueue() => Interlocked.Increment(ref _preemptQueues);

    internal void RemovePreemptQueue() => Interlocked.Decrement(ref _preemptQueues);

    internal void Ban() => Volatile.Write(ref _banned, true);

    /// <summary>MAP: what was at [addr, +range) goes (drm_gpuvm remap), then the new binding.</summary>
    internal int Map(ulong address, ulong range, XeVmaBacking backing, ulong offset)
    {
        lock (_lock)
        {
            int r = UnmapLocked(address, range);
            if (r < 0)
            {
                return r;
            }

            return _space.Map(address, range, backing, offset);
        }
    }

    /// <summary>UNMAP of [addr, +range): whatever is bound there, pieces cut at the edges; 0 when nothing was there.</summary>
    internal int Unmap(ulong address, ulong range)
    {
        lock (_lock)
        {
            return UnmapLocked(address, range);
        }
    }

    /// <summary>UNMAP_ALL: every binding of <paramref name="bo"/>.</summary>
    internal void UnmapAll(XeBo bo)
    {
        lock (_lock)
        {
            foreach (IovaMapping<XeVmaBacking> mapping in _space.Mappings)
            {
                if (ReferenceEquals(mapping.Value?.Bo, bo))
                {
                    UnmapLocked(mapping.Start, mapping.Length);
                }
            }
        }
    }

    /// <summary>Whether anything is bound in [addr, +range) (an UNMAP there is not a no-op).</summary>
    internal bool HasBindingIn(ulong address, ulong range)
    {
        foreach (IovaMapping<XeVmaBacking> mapping in _space.Mappings)
        {
            if (mapping.Start <= address + range - 1 && address <= mapping.Last)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="bo"/> is bound anywhere in this VM.</summary>
    internal bool HasBindingOf(XeBo bo)
    {
        foreach (IovaMapping<XeVmaBacking> mapping in _space.Mappings)
        {
            if (ReferenceEquals(mapping.Value?.Bo, bo))
            {
                return true;
            }
        }

        return false;
    }

    private int UnmapLocked(ulong address, ulong range)
    {
        var removed = new List<IovaMapping<XeVmaBacking>>();
        long r = _space.Unmap(address, range, IovaUnmapMode.Split, removed);
        if (r < 0)
        {
            return (int)r;
        }

        foreach (IovaMapping<XeVmaBacking> piece in removed)
        {
            XeVmaBacking backing = piece.Value!;
            if (!StillMapped(backing))
            {
                backing.Release();
            }
            else
            {
                SeparatePieces(backing);
            }
        }

        return 0;
    }

    // An unmap inside a VMA leaves two pieces showing one backing: the second becomes a VMA of its
    // own (drm_gpuvm's remap makes prev and next, each with the old VMA's attributes).
    private void SeparatePieces(XeVmaBacking backing)
    {
        bool first = true;
        foreach (IovaMapping<XeVmaBacking> mapping in _space.Mappings)
        {
            if (!ReferenceEquals(mapping.Value, backing))
            {
                continue;
            }

            if (!first)
            {
                _space.Remove(mapping.Start, backing);
                _space.Map(mapping.Start, mapping.Length, backing.Split(), mapping.Offset);
            }

            first = false;
        }
    }

    /// <summary>
    /// MADVISE's split (<c>xe_vm.c:xe_vm_alloc_madvise_vma</c>, <c>drm_gpuvm_madvise_ops_create</c>):
    /// a VMA without a BO that crosses <paramref name="address"/> becomes two, each with the old
    /// attributes. A BO's VMA is never split: advice on part of it applies to all of it.
    /// </summary>
    internal void SplitForAdvice(ulong address)
    {
        lock (_lock)
        {
            if (address == 0 || address >= Size || _space.Find(address - 1, 2) is not { } mapping ||
                mapping.Start == address || mapping.Value!.Bo is not null)
            {
                return;
            }

            XeVmaBacking backing = mapping.Value;
            _space.Remove(mapping.Start, backing);
            _space.Map(mapping.Start, address - mapping.Start, backing, mapping.Offset);
            _space.Map(address, mapping.Start + mapping.Length - address, backing.Split(), mapping.Offset + (address - mapping.Start));
        }
    }

    /// <summary>The VMAs that overlap [<paramref name="start"/>, <paramref name="end"/>) in address order (<c>drm_gpuvm_for_each_va_range</c>).</summary>
    internal List<IovaMapping<XeVmaBacking>> VmasIn(ulong start, ulong end)
    {
        var vmas = new List<IovaMapping<XeVmaBacking>>();
        foreach (IovaMapping<XeVmaBacking> mapping in _space.Mappings)
        {
            if (mapping.Start < end && mapping.Last >= start)
            {
                vmas.Add(mapping);
            }
        }

        return vmas;
    }

    /// <summary>Runs <paramref name="advise"/> under the VM's lock (the kernel holds vm->lock for writing).</summary>
    internal T Locked<T>(Func<T> advise)
    {
        lock (_lock)
        {
            return advise();
        }
    }

    private bool StillMapped(XeVmaBacking backing)
    {
        foreach (IovaMapping<XeVmaBacking> mapping in _space.Mappings)
        {
            if (ReferenceEquals(mapping.Value, backing))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The GPU reads a dword at <paramref name="address"/>: false when the address is not bound (a
    /// fault). A NULL binding, or the scratch page of a scratch VM where nothing is bound, reads 0.
    /// Done under the VM's lock, so an unbind cannot free the memory under the access.
    /// </summary>
    internal bool Read32(ulong address, out uint value)
    {
        lock (_lock)
        {
            value = 0;
            if (!Translate(address, 4, out nint memory))
            {
                return false;
            }

            if (memory != 0)
            {
                value = Volatile.Read(ref *(uint*)memory);
            }

            return true;
        }
    }

    /// <summary>The GPU writes a dword, or a qword with <paramref name="qword"/>; false for an unbound address (a NULL binding drops it).</summary>
    internal bool Write(ulong address, ulong value, bool qword)
    {
        lock (_lock)
        {
            if (!Translate(address, qword ? 8u : 4u, out nint memory))
            {
                return false;
            }

            if (memory != 0)
            {
                if (qword)
                {
                    Volatile.Write(ref *(ulong*)memory, value);
                }
                else
                {
                    Volatile.Write(ref *(uint*)memory, (uint)value);
                }
            }

            return true;
        }
    }

    // The host memory behind [address, +length) when one binding covers it (0 for NULL or scratch).
    private bool Translate(ulong address, ulong length, out nint memory)
    {
        memory = 0;
        if (_space.Find(address, length) is { } mapping)
        {
            XeVmaBacking backing = mapping.Value!;
            if (backing.IsNull)
            {
                return true;
            }

            memory = backing.Address(mapping.Offset + (address - mapping.Start));
            return memory != 0;
        }

        return HasScratchPage && address < Size && length <= Size - address;
    }

    /// <summary>The kernel bind queue's last fence (what a no-op VM_BIND signals its out-syncs with).</summary>
    internal XeLastFence BindLastFence => _bindLastFence;

    /// <summary>xe_vm_close_and_put's first half: closed, every binding torn down (their BO references go).</summary>
    internal void Close()
    {
        Volatile.Write(ref _closed, true);
        lock (_lock)
        {
            if (_space.Count > 0)
            {
                UnmapLocked(0, Size);
            }
        }
    }

    protected override void Release()
    {
        Close();
        _bindLastFence.Put();
    }
}
