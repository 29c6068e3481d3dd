using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Drm;
using AccelInterop.Simulation.Tests.Uapi.Xe;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Simulation.Tests.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>VM_CREATE, VM_DESTROY, VM_BIND and the VM queries (xe.md §5, §6; xe_vm.c).</summary>
public sealed unsafe class XeVmTests
{
    private static Errno Create(XeRig rig, uint flags, out uint id)
    {
        var args = new drm_xe_vm_create { flags = flags };
        Errno e = rig.Call(DRM_IOCTL_XE_VM_CREATE, ref args);
        id = args.vm_id;
        return e;
    }

    [Fact]
    public void S5_vm_create_modes_and_their_rules()
    {
        using var rig = new XeRig();
        const uint scratch = DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE, lr = DRM_XE_VM_CREATE_FLAG_LR_MODE;
        const uint fault = DRM_XE_VM_CREATE_FLAG_FAULT_MODE, noOvercommit = DRM_XE_VM_CREATE_FLAG_NO_VM_OVERCOMMIT;
        Assert.Equal(Errno.EINVAL, Create(rig, 0x10, out _));
        Assert.Equal(Errno.EINVAL, Create(rig, fault, out _)); // fault mode needs LR
        Assert.Equal(Errno.EINVAL, Create(rig, lr | noOvercommit, out _)); // no-overcommit needs fault mode
        var ext = new drm_xe_vm_create { extensions = 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_VM_CREATE, ref ext));
        Assert.Equal(Errno.None, Create(rig, 0, out uint a));
        Assert.Equal(Errno.None, Create(rig, scratch, out uint b));
        Assert.Equal(Errno.None, Create(rig, lr, out uint c));
        Assert.Equal(Errno.None, Create(rig, lr | fault | scratch | noOvercommit, out uint d)); // the part needs scratch
        Assert.Equal([1u, 2u, 3u, 4u], [a, b, c, d]);
    }

    [Fact]
    public void S5_vm_ids_are_reused_lowest_first_and_destroy_rules()
    {
        using var rig = new XeRig();
        uint[] ids = [rig.Vm(), rig.Vm(), rig.Vm()];
        Assert.Equal(Errno.None, rig.DestroyVm(ids[1]));
        Assert.Equal(Errno.None, rig.DestroyVm(ids[0]));
        Assert.Equal(1u, rig.Vm());
        Assert.Equal(2u, rig.Vm());
        Assert.Equal(Errno.ENOENT, rig.DestroyVm(9));
        var bad = new drm_xe_vm_destroy { vm_id = 1, pad = 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_VM_DESTROY, ref bad));
    }

    [Fact]
    public void S5_an_lr_vm_with_a_queue_is_busy_and_a_plain_vm_closes_under_its_queues()
    {
        using var rig = new XeRig();
        uint lr = rig.Vm(DRM_XE_VM_CREATE_FLAG_LR_MODE);
        uint q = rig.Queue(lr);
        Assert.Equal(Errno.EBUSY, rig.DestroyVm(lr));
        Assert.Equal(Errno.None, rig.DestroyQueue(q));
        Assert.Equal(Errno.None, rig.DestroyVm(lr));

        uint plain = rig.Vm();
        uint q2 = rig.Queue(plain);
        Assert.Equal(Errno.None, rig.DestroyVm(plain));
        Assert.Equal(Errno.ECANCELED, rig.Exec(q2, XeRig.ScratchVa)); // the queue's VM is closed
    }

    [Fact]
    public void S6_vm_bind_argument_checks()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        uint bo = rig.Bo(0x10000);
        drm_xe_vm_bind_op map = XeRig.MapOp(bo, 0x100000, 0x10000);
        Assert.Equal(Errno.EINVAL, rig.Bind(9, map)); // unknown VM: -EINVAL, not -ENOENT
        var args = new drm_xe_vm_bind { vm_id = vm, num_binds = 1, bind = map, pad = 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_VM_BIND, ref args));
        args = new drm_xe_vm_bind { vm_id = vm, num_binds = 1, bind = map, num_syncs = DRM_XE_MAX_SYNCS + 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_VM_BIND, ref args));

        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { pat_index = 32 }));
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { pat_index = 17 })); // a reserved PAT entry
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { op = 5 }));
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { flags = 0x100 }));
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { flags = DRM_XE_VM_BIND_FLAG_NULL })); // NULL with an object
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { flags = DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR, obj = 0 })); // not a fault VM
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { obj = 0 })); // MAP needs an object
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, XeRig.UnmapOp(0x100000, 0x10000) with { obj = bo }));
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, new drm_xe_vm_bind_op { op = DRM_XE_VM_BIND_OP_UNMAP_ALL, obj = bo, addr = 0x1000, pat_index = 2 }));
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, new drm_xe_vm_bind_op { op = DRM_XE_VM_BIND_OP_UNMAP_ALL, pat_index = 2 }));
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { op = DRM_XE_VM_BIND_OP_PREFETCH }));
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { prefetch_mem_region_instance = 1 }));
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { op = DRM_XE_VM_BIND_OP_MAP_USERPTR, obj = 0, pat_index = 0 })); // non-coherent userptr
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { addr = 0x100800 }));
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { range = 0 }));
        Assert.Equal(Errno.EOPNOTSUPP, rig.Bind(vm, map with { flags = DRM_XE_VM_BIND_FLAG_DECOMPRESS })); // integrated part
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { addr = 1UL << 48 })); // beyond the VM
        Assert.Equal(Errno.ENOENT, rig.Bind(vm, map with { obj = 99 }));
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { range = 0x20000 })); // beyond the BO
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, map with { pat_index = 0 })); // WB BO with a non-coherent PAT
        Assert.Equal(Errno.ENOENT, rig.Bind(vm, map, queue: 5));
        Assert.Equal(Errno.None, rig.Bind(vm, map));
    }

    [Fact]
    public void S6_vector_of_binds_and_its_faults()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        uint bo = rig.Bo(0x20000);
        var args = new drm_xe_vm_bind { vm_id = vm, num_binds = 2, vector_of_binds = 0x9000 };
        Assert.Equal(Errno.EFAULT, rig.Call(DRM_IOCTL_XE_VM_BIND, ref args));
        args.vector_of_binds = rig.Pin(new[] { XeRig.MapOp(bo, 0x200000, 0x10000), XeRig.MapOp(bo, 0x400000, 0x10000, offset: 0x10000) });
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_VM_BIND, ref args));
        XeVm model = rig.Driver.FileState(DrmFileOf(rig)).Vms.Get(vm)!;
        Assert.Equal(2, model.BindingCount);
    }

    private static DrmFile DrmFileOf(XeRig rig) => (DrmFile)rig.Process.GetFile(rig.File.Handle.Fd)!.Operations;

    [Fact]
    public void S6_a_bound_bo_outlives_gem_close_until_unbind()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        uint bo = rig.Bo();
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.MapOp(bo, 0x100000, 0x10000)));
        Assert.Equal(Errno.None, rig.CloseBo(bo));
        Assert.Equal(1, rig.Kernel.Counts[GemObject.BufferObjects]);
        // Unmapping the middle splits the binding; the BO stays while any piece is bound.
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.UnmapOp(0x104000, 0x4000)));
        Assert.Equal(1, rig.Kernel.Counts[GemObject.BufferObjects]);
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.UnmapOp(0x100000, 0x10000)));
        Assert.Equal(0, rig.Kernel.Counts[GemObject.BufferObjects]);
    }

    [Fact]
    public void S6_unmap_all_drops_every_binding_of_the_bo()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        uint bo = rig.Bo();
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.MapOp(bo, 0x100000, 0x10000)));
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.MapOp(bo, 0x300000, 0x8000)));
        Assert.Equal(Errno.None, rig.Bind(vm, new drm_xe_vm_bind_op { op = DRM_XE_VM_BIND_OP_UNMAP_ALL, obj = bo, pat_index = 2 }));
        Assert.Equal(Errno.None, rig.CloseBo(bo));
        Assert.Equal(0, rig.Kernel.Counts[GemObject.BufferObjects]);
    }

    [Fact]
    public void S6_user_fence_is_written_when_the_bind_completes_and_refused_without_binds()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        uint bo = rig.Bo();
        var fence = new ulong[1];
        ulong address = rig.Pin(fence);
        ulong syncs = rig.Syncs(XeRig.UserFence(address, 0xC0FFEE));
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.MapOp(bo, 0x100000, 0x10000), syncs, 1));
        Assert.Equal(0xC0FFEEUL, fence[0]);
        Assert.Equal(Errno.None, rig.WaitUserFence(address, 0xC0FFEE, out _));

        var none = new drm_xe_vm_bind { vm_id = vm, num_binds = 0, syncs = syncs, num_syncs = 1 };
        Assert.Equal(Errno.EOPNOTSUPP, rig.Call(DRM_IOCTL_XE_VM_BIND, ref none));
        ulong two = rig.Syncs(XeRig.UserFence(address, 1), XeRig.UserFence(address, 2));
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, XeRig.MapOp(bo, 0x200000, 0x10000), two, 2));
        ulong unaligned = rig.Syncs(XeRig.UserFence(address + 4, 1));
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, XeRig.MapOp(bo, 0x200000, 0x10000), unaligned, 1));
        ulong waitOnly = rig.Syncs(XeRig.UserFence(address, 1) with { flags = 0 });
        Assert.Equal(Errno.EOPNOTSUPP, rig.Bind(vm, XeRig.MapOp(bo, 0x200000, 0x10000), waitOnly, 1));
    }

    [Fact]
    public void S6_no_op_bind_signals_its_out_syncobj()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        uint syncobj = rig.Syncobj();
        ulong syncs = rig.Syncs(XeRig.SyncobjSignal(syncobj));
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.UnmapOp(0x100000, 0x1000), syncs, 1)); // nothing bound there
        Assert.Equal(Errno.None, rig.WaitSyncobj(syncobj, 0));
        var none = new drm_xe_vm_bind { vm_id = vm, num_binds = 0, syncs = syncs, num_syncs = 1 };
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_VM_BIND, ref none));
    }

    [Fact]
    public void S6_userptr_binding_needs_registered_memory()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        var memory = new byte[0x3000];
        ulong user = rig.Pin(memory);
        ulong page = (user + 0xFFF) & ~0xFFFUL;
        var op = new drm_xe_vm_bind_op { op = DRM_XE_VM_BIND_OP_MAP_USERPTR, userptr = page, addr = 0x500000, range = 0x1000, pat_index = XeRig.CoherentPat };
        Assert.Equal(Errno.None, rig.Bind(vm, op));
        Assert.Equal(Errno.EFAULT, rig.Bind(vm, op with { userptr = 0x7000_0000_0000, addr = 0x600000 }));
    }

    [Fact]
    public void S6_bind_failure_after_the_fence_exists_unwinds_and_leaks_nothing()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        uint bo = rig.Bo();
        uint syncobj = rig.Syncobj();
        int fences = rig.Kernel.Counts[AccelInterop.Simulation.Fences.DmaFence.Fences];
        rig.Kernel.Faults.Arm(XeDriver.BindFailure);
        Assert.Equal(Errno.ENOMEM, rig.Bind(vm, XeRig.MapOp(bo, 0x100000, 0x10000), rig.Syncs(XeRig.SyncobjSignal(syncobj)), 1));
        Assert.Equal(Errno.EINVAL, rig.WaitSyncobj(syncobj, 0)); // the out-sync got nothing
        Assert.Equal(fences, rig.Kernel.Counts[AccelInterop.Simulation.Fences.DmaFence.Fences]);
        Assert.Equal(Errno.None, rig.CloseBo(bo));
        Assert.Equal(0, rig.Kernel.Counts[GemObject.BufferObjects]); // no binding kept the BO
    }

    [Fact]
    public void S6_vm_get_property_reports_no_faults()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        var property = new drm_xe_vm_get_property { vm_id = vm, property = DRM_XE_VM_GET_PROPERTY_FAULTS };
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_VM_GET_PROPERTY, ref property));
        Assert.Equal(0u, property.size);
        property = new drm_xe_vm_get_property { vm_id = 7, property = DRM_XE_VM_GET_PROPERTY_FAULTS };
        Assert.Equal(Errno.ENOENT, rig.Call(DRM_IOCTL_XE_VM_GET_PROPERTY, ref property));
        property = new drm_xe_vm_get_property { vm_id = vm, property = 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_VM_GET_PROPERTY, ref property));
    }
}
