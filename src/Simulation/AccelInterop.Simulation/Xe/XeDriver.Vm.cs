using System.Runtime.InteropServices;
using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Xe;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Xe;

// VM_CREATE, VM_DESTROY, VM_BIND, VM_GET_PROPERTY (xe.md §5, §6; xe_vm.c).
public sealed partial class XeDriver
{
    private const uint VmCreateFlags = DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE | DRM_XE_VM_CREATE_FLAG_LR_MODE |
        DRM_XE_VM_CREATE_FLAG_FAULT_MODE | DRM_XE_VM_CREATE_FLAG_NO_VM_OVERCOMMIT;

    private const uint BindFlags = DRM_XE_VM_BIND_FLAG_READONLY | DRM_XE_VM_BIND_FLAG_IMMEDIATE | DRM_XE_VM_BIND_FLAG_NULL |
        DRM_XE_VM_BIND_FLAG_DUMPABLE | DRM_XE_VM_BIND_FLAG_CHECK_PXP | DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR |
        DRM_XE_VM_BIND_FLAG_MADVISE_AUTORESET | DRM_XE_VM_BIND_FLAG_DECOMPRESS;

    /// <summary>The fences of binds that had nothing to wait for (signalled when made).</summary>
    private Fences.DmaFenceContext? _bindFences;

    private DmaFenceContext BindFences => LazyInitializer.EnsureInitialized(ref _bindFences,
        () => new DmaFenceContext("xe", "vm-bind", use64BitSeqno: true, counts: Device.Kernel.Counts));

    // xe_vm.c:xe_vm_create_ioctl.
    private int VmCreate(XeFile file, SimulatedProcess caller, ref drm_xe_vm_create args)
    {
        if (args.extensions != 0)
        {
            return -EINVAL;
        }

        uint flags = args.flags;
        if ((flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE) != 0 && !Configuration.HasUsm)
        {
            return -EINVAL;
        }

        if (args.reserved[0] != 0 || args.reserved[1] != 0 || (flags & ~VmCreateFlags) != 0)
        {
            return -EINVAL;
        }

        if ((flags & DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE) != 0 && (flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE) != 0 && !Configuration.NeedsScratch)
        {
            return -EINVAL;
        }

        if (((flags & DRM_XE_VM_CREATE_FLAG_LR_MODE) == 0 && (flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE) != 0) ||
            ((flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE) == 0 && (flags & DRM_XE_VM_CREATE_FLAG_NO_VM_OVERCOMMIT) != 0))
        {
            return -EINVAL;
        }

        if (Device.Kernel.Faults.ShouldFail(FaultPoint.AllocationFailure))
        {
            return -ENOMEM;
        }

        var vm = new XeVm(this, flags);
        lock (file.Vms)
        {
            args.vm_id = file.Vms.Add(vm); // the id is allocated last (xa_alloc, lowest free from 1)
        }

        return 0;
    }

    // xe_vm.c:xe_vm_destroy_ioctl.
    private int VmDestroy(XeFile file, SimulatedProcess caller, ref drm_xe_vm_destroy args)
    {
        if (args.pad != 0 || args.reserved[0] != 0 || args.reserved[1] != 0)
        {
            return -EINVAL;
        }

        XeVm? vm;
        lock (file.Vms)
        {
            vm = file.Vms.Get(args.vm_id);
            if (vm is null)
            {
                return -ENOENT;
            }

            if (vm.PreemptQueues > 0)
            {
                return -EBUSY;
            }

            file.Vms.Remove(args.vm_id);
        }

        vm.Close();
        vm.Put();
        return 0;
    }

    // xe_vm.c:xe_vm_bind_ioctl.
    private int VmBind(XeFile file, SimulatedProcess caller, ref drm_xe_vm_bind args)
    {
        XeVm? vm = file.LookupVm(args.vm_id);
        if (vm is null)
        {
            return -EINVAL;
        }

        XeExecQueue? queue = null;
        XeBo?[] bos = [];
        ReadOnlySpan<XeSyncEntry> syncs = [];
        try
        {
            int r = CheckBindArgs(caller, ref args, vm, out drm_xe_vm_bind_op[] ops);
            if (r < 0)
            {
                return r;
            }

            if (args.exec_queue_id != 0)
            {
                queue = file.LookupQueue(args.exec_queue_id);
                if (queue is null)
                {
                    return -ENOENT;
                }

                if (!queue.IsBindQueue || !ReferenceEquals(queue.Vm, vm))
                {
                    return -EINVAL;
                }
            }

            if (vm.IsClosedOrBanned)
            {
                return -ENOENT;
            }

            foreach (drm_xe_vm_bind_op op in ops)
            {
                if (op.range > vm.Size || op.addr > vm.Size - op.range)
                {
                    return -EINVAL;
                }
            }

            bos = new XeBo?[ops.Length];
            for (int i = 0; i < ops.Length; i++)
            {
                if (ops[i].obj == 0)
                {
                    continue;
                }

                if (file.File.LookupObject(ops[i].obj) is not XeBo bo)
                {
                    return -ENOENT;
                }

                bos[i] = bo;
                r = ValidateBindBo(bo, ops[i]);
                if (r < 0)
                {
                    return r;
                }
            }

            var parse = (vm.IsLongRunning ? XeSyncEntry.ParseFlags.LongRunning : 0) |
                (args.num_binds == 0 ? XeSyncEntry.ParseFlags.DisallowUserFence : 0);
            r = XeSyncEntry.ParseAll(file, caller, args.syncs, args.num_syncs, parse, out syncs);
            if (r < 0)
            {
                return r;
            }

            for (int i = 0; i < ops.Length; i++)
            {
                if (ops[i].op == DRM_XE_VM_BIND_OP_MAP_USERPTR && !caller.Memory.IsAccessible(ops[i].obj_offset, (nuint)ops[i].range))
                {
                    return -EFAULT; // the userptr pages cannot be pinned
                }
            }

            bool anything = BindPending(vm);
            for (int i = 0; i < ops.Length; i++)
            {
                anything |= !IsNoOp(vm, ops[i], bos[i]);
                r = CheckPrefetch(vm, ops[i]);
                if (r < 0)
                {
                    return r;
                }
            }

            // What the bind waits for: its in-syncs and the bind queue's previous job.
            DmaFence dependencies = BindFence(vm, syncs);
            DmaFence? done = null;
            try
            {
                if (!anything)
                {
                    // §6.8: nothing to update; the out-syncs get what the bind would have waited for.
                    SignalOutSyncs(caller, syncs, dependencies);
                    return 0;
                }

                // The page-table update can fail once the bind fence exists: the ops unwind (none
                // was applied), the fence signals with the error so nothing waits on it forever,
                // and every reference taken for it is dropped (the rocket_job_run rule).
                done = new DmaFence(BindFences, BindFences.NextSeqno());
                if (Device.Kernel.Faults.ShouldFail(BindFailure))
                {
                    done.SetError(-ENOMEM);
                    done.Signal();
                    return -ENOMEM;
                }

                // The update runs as a job on the bind queue once the in-fences signal; the
                // out-syncs and the user fence get its fence, which signals after the update.
                vm.BindLastFence.Set(done);
                SignalOutSyncs(caller, syncs, done);
                new XeBindJob(this, vm, ops, bos, done).Arm(dependencies);
                return 0;
            }
            finally
            {
                dependencies.Put();
                done?.Put();
            }
        }
        finally
        {
            XeSyncEntry.CleanupAll(syncs);
            foreach (XeBo? bo in bos)
            {
                bo?.Put();
            }

            queue?.Put();
            vm.Put();
        }
    }

    // The bind's fence: one that waits for the in-syncs and the bind queue's last fence, or — with
    // nothing left to wait for — one signalled at once (the page tables are updated synchronously).
    private DmaFence BindFence(XeVm vm, ReadOnlySpan<XeSyncEntry> syncs)
    {
        var waits = new List<DmaFence>();
        DmaFence last = vm.BindLastFence.Get();
        if (!last.IsSignaled)
        {
            waits.Add(last);
        }

        foreach (XeSyncEntry sync in syncs)
        {
            if (sync.Fence is { IsSignaled: false } fence)
            {
                waits.Add(fence);
            }
        }

        DmaFence result;
        if (waits.Count > 0)
        {
            result = DmaFenceArray.Create(waits, Device.Kernel.Counts);
        }
        else
        {
            result = new DmaFence(BindFences, BindFences.NextSeqno());
            result.Signal();
        }

        last.Put();
        return result;
    }

    // An op that changes nothing (drm_gpuvm makes no ops for it): UNMAP or PREFETCH of an empty range, UNMAP_ALL of an unbound BO.
    private static bool IsNoOp(XeVm vm, drm_xe_vm_bind_op op, XeBo? bo) => op.op switch
    {
        DRM_XE_VM_BIND_OP_UNMAP => !vm.HasBindingIn(op.addr, op.range),
        DRM_XE_VM_BIND_OP_UNMAP_ALL => !vm.HasBindingOf(bo!),
        DRM_XE_VM_BIND_OP_PREFETCH => !vm.HasBindingIn(op.addr, op.range),
        _ => false,
    };

    // A bind still waiting for its in-fences changes the VM later (the kernel's VMA tree already has
    // its ops): what it will map may be what an op now unmaps, so behind it nothing is a no-op.
    private static bool BindPending(XeVm vm)
    {
        DmaFence last = vm.BindLastFence.Get();
        bool pending = !last.IsSignaled;
        last.Put();
        return pending;
    }

    // xe_sync_entry_signal for each out-sync, and the user fence written once the fence signals.
    private static void SignalOutSyncs(SimulatedProcess caller, ReadOnlySpan<XeSyncEntry> syncs, DmaFence fence)
    {
        foreach (XeSyncEntry sync in syncs)
        {
            sync.SignalWith(fence);
        }

        if (XeSyncEntry.UserFence(syncs) is XeSyncEntry userFence)
        {
            new XeUserFenceWrite(caller, userFence.Address, userFence.TimelineValue).Arm(fence);
        }
    }

    internal static void ApplyBindOp(XeVm vm, drm_xe_vm_bind_op op, XeBo? bo)
    {
        switch (op.op)
        {
            case DRM_XE_VM_BIND_OP_MAP when (op.flags & DRM_XE_VM_BIND_FLAG_NULL) != 0 || (op.flags & DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR) != 0:
                vm.Map(op.addr, op.range, XeVmaBacking.Nothing((op.flags & DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR) != 0, op.pat_index), 0);
                break;
            case DRM_XE_VM_BIND_OP_MAP:
                {
                    XeVmaBacking backing = XeVmaBacking.ForBo(bo!, op.pat_index);
                    if (vm.Map(op.addr, op.range, backing, op.obj_offset) < 0)
                    {
                        backing.Release();
                    }

                    break;
                }

            case DRM_XE_VM_BIND_OP_MAP_USERPTR:
                vm.Map(op.addr, op.range, XeVmaBacking.ForUserMemory((nint)op.obj_offset, op.pat_index), 0);
                break;
            case DRM_XE_VM_BIND_OP_UNMAP:
                vm.Unmap(op.addr, op.range);
                break;
            case DRM_XE_VM_BIND_OP_UNMAP_ALL:
                vm.UnmapAll(bo!);
                break;
            case DRM_XE_VM_BIND_OP_PREFETCH:
                foreach (XeBo prefetched in BosIn(vm, op.addr, op.range))
                {
                    ((XeDriver)prefetched.Device.Driver).Migrate(prefetched, PrefetchRegion(prefetched, op.prefetch_mem_region_instance));
                }

                break;
        }
    }

    // xe_vm.c:op_lock_and_prep (PREFETCH): the requested region, or for "consult madvise" the BO's
    // first VRAM placement, else system memory.
    private static uint PrefetchRegion(XeBo bo, uint requested) =>
        requested != unchecked((uint)DRM_XE_CONSULT_MEM_ADVISE_PREF_LOC) ? requested : (bo.Placement & ~1u) != 0 ? 1u : 0u;

    // The BOs bound in [address, address + range) (a BO once per binding).
    private static List<XeBo> BosIn(XeVm vm, ulong address, ulong range)
    {
        var bos = new List<XeBo>();
        foreach (IovaMapping<XeVmaBacking> mapping in vm.Bindings)
        {
            if (mapping.Value?.Bo is XeBo bo && mapping.Start < address + range && address < mapping.Start + mapping.Length)
            {
                bos.Add(bo);
            }
        }

        return bos;
    }

    // A PREFETCH to a region one of its BOs was not created for fails the bind (xe_bo_migrate: -EINVAL).
    private static int CheckPrefetch(XeVm vm, drm_xe_vm_bind_op op)
    {
        if (op.op != DRM_XE_VM_BIND_OP_PREFETCH)
        {
            return 0;
        }

        foreach (XeBo bo in BosIn(vm, op.addr, op.range))
        {
            uint region = PrefetchRegion(bo, op.prefetch_mem_region_instance);
            if (region >= 32 || (bo.Placement & (1u << (int)region)) == 0)
            {
                return -EINVAL;
            }
        }

        return 0;
    }

    // vm_bind_ioctl_check_args: the struct, then every op (all -EINVAL unless stated).
    private int CheckBindArgs(SimulatedProcess caller, ref drm_xe_vm_bind args, XeVm vm, out drm_xe_vm_bind_op[] ops)
    {
        ops = [];
        if (args.pad != 0 || args.pad2 != 0 || args.reserved[0] != 0 || args.reserved[1] != 0 || args.extensions != 0 ||
            args.num_syncs > DRM_XE_MAX_SYNCS)
        {
            return -EINVAL;
        }

        if (args.num_binds > 1)
        {
            ulong bytes = (ulong)args.num_binds * (ulong)Marshal.SizeOf<drm_xe_vm_bind_op>();
            if (bytes > int.MaxValue)
            {
                return -ENOBUFS; // kvmalloc of the array fails
            }

            if (!caller.Memory.IsAccessible(args.vector_of_binds, (nuint)bytes))
            {
                return -EFAULT;
            }

            ops = new drm_xe_vm_bind_op[args.num_binds];
            if (caller.Memory.CopyFromUser(MemoryMarshal.AsBytes(ops.AsSpan()), args.vector_of_binds) < 0)
            {
                return -EFAULT;
            }
        }
        else if (args.num_binds == 1)
        {
            ops = [args.bind];
        }

        foreach (drm_xe_vm_bind_op op in ops)
        {
            int r = CheckBindOp(vm, op);
            if (r < 0)
            {
                return r;
            }
        }

        return 0;
    }

    private int CheckBindOp(XeVm vm, in drm_xe_vm_bind_op op)
    {
        bool isNull = (op.flags & DRM_XE_VM_BIND_FLAG_NULL) != 0;
        bool mirror = (op.flags & DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR) != 0;
        bool decompress = (op.flags & DRM_XE_VM_BIND_FLAG_DECOMPRESS) != 0;
        if ((mirror && !vm.IsFaultMode) || op.pat_index >= XePat.Entries)
        {
            return -EINVAL;
        }

        byte coherency = XePat.Coherency(op.pat_index);
        bool compressed = XePat.IsCompressed(op.pat_index);
        if (coherency == 0)
        {
            return -EINVAL; // a reserved PAT entry
        }

        uint prefetch = op.prefetch_mem_region_instance;
        bool invalid =
            op.op > DRM_XE_VM_BIND_OP_PREFETCH ||
            (op.flags & ~BindFlags) != 0 ||
            (op.obj != 0 && (isNull || mirror)) ||
            (op.obj_offset != 0 && (isNull || mirror)) ||
            (op.op != DRM_XE_VM_BIND_OP_MAP && (decompress || isNull || mirror)) ||
            (decompress && compressed) ||
            (op.obj == 0 && op.op == DRM_XE_VM_BIND_OP_MAP && !isNull && !mirror) ||
            (op.op == DRM_XE_VM_BIND_OP_UNMAP_ALL && (op.obj == 0 || op.addr != 0 || op.range != 0)) ||
            (op.op == DRM_XE_VM_BIND_OP_MAP_USERPTR && (op.obj != 0 || coherency == XePat.CoherencyNone || compressed)) ||
            (!Configuration.IsDiscrete && coherency == XePat.CoherencyNone && mirror) ||
            (op.obj != 0 && op.op == DRM_XE_VM_BIND_OP_PREFETCH) ||
            (prefetch != 0 && op.op != DRM_XE_VM_BIND_OP_PREFETCH) ||
            (prefetch != unchecked((uint)DRM_XE_CONSULT_MEM_ADVISE_PREF_LOC) && (prefetch >= 32 || ((1u << (int)prefetch) & Configuration.MemoryRegionMask) == 0)) ||
            (op.obj != 0 && op.op == DRM_XE_VM_BIND_OP_UNMAP) ||
            ((op.flags & DRM_XE_VM_BIND_FLAG_MADVISE_AUTORESET) != 0 && (!mirror || op.op != DRM_XE_VM_BIND_OP_MAP));
        if (invalid)
        {
            return -EINVAL;
        }

        const ulong pageMask = Page.Size - 1;
        if ((op.obj_offset & pageMask) != 0 || (op.addr & pageMask) != 0 || (op.range & pageMask) != 0 ||
            (op.range == 0 && op.op != DRM_XE_VM_BIND_OP_UNMAP_ALL))
        {
            return -EINVAL;
        }

        // Flat CCS, graphics 20 and a discrete part are all needed to decompress.
        if (decompress && (!Configuration.IsDiscrete || Configuration.GraphicsVersion < 20))
        {
            return -EOPNOTSUPP;
        }

        return 0;
    }

    // xe_vm_bind_ioctl_validate_bo.
    private int ValidateBindBo(XeBo bo, in drm_xe_vm_bind_op op)
    {
        byte coherency = XePat.Coherency(op.pat_index);
        bool compressed = XePat.IsCompressed(op.pat_index);
        if ((bo.Flags & DRM_XE_GEM_CREATE_FLAG_NO_COMPRESSION) != 0 && compressed)
        {
            return -EINVAL;
        }

        if (op.op != DRM_XE_VM_BIND_OP_UNMAP_ALL && (op.range > bo.Size || op.obj_offset > bo.Size - op.range))
        {
            return -EINVAL;
        }

        // NEED64K VRAM: a VRAM BO binds at 64 KiB granularity.
        const ulong sz64K = 64 << 10;
        if (Configuration.IsDiscrete && bo.InVram && op.op == DRM_XE_VM_BIND_OP_MAP &&
            ((op.obj_offset | op.addr | op.range) & (sz64K - 1)) != 0)
        {
            return -EINVAL;
        }

        if (bo.ImportedFrom is not null)
        {
            if (coherency == XePat.CoherencyNone || compressed)
            {
                return -EINVAL;
            }
        }
        else if (bo.CpuCaching == DRM_XE_GEM_CPU_CACHING_WB && coherency == XePat.CoherencyNone)
        {
            return -EINVAL;
        }

        return 0;
    }

    // xe_vm.c:xe_vm_get_property_ioctl: FAULTS reports recorded page faults; the model records none.
    private int VmGetProperty(XeFile file, SimulatedProcess caller, ref drm_xe_vm_get_property args)
    {
        if (args.reserved[0] != 0 || args.reserved[1] != 0 || args.reserved[2] != 0 || args.extensions != 0 || args.pad != 0)
        {
            return -EINVAL;
        }

        XeVm? vm = file.LookupVm(args.vm_id);
        if (vm is null)
        {
            return -ENOENT;
        }

        vm.Put();
        if (args.property != DRM_XE_VM_GET_PROPERTY_FAULTS)
        {
            return -EINVAL;
        }

        const uint faults = 0;
        if (args.size == 0)
        {
            args.size = faults;
            return 0;
        }

        return args.size > faults || args.size % (uint)Marshal.SizeOf<xe_vm_fault>() != 0 ? -EINVAL : 0;
    }

    // xe_observation.c: OA and EU-stall streams are not modelled; an unknown type is -EINVAL.
    private int Observation(XeFile file, SimulatedProcess caller, ref drm_xe_observation_param args) =>
        args.extensions != 0 ? -EINVAL : args.observation_type > 1 ? -EINVAL : -EOPNOTSUPP;
}
