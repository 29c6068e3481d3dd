using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Tests.Uapi.Xe;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Simulation.Tests.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>MADVISE stored on the VMAs and read back by VM_QUERY_MEM_RANGE_ATTRS (xe_vm_madvise.c, xe_vm.c:xe_vm_query_vmas_attrs_ioctl).</summary>
public sealed class XeMadviseTests
{
    private const ulong A = 0x100000, B = 0x400000;

    private static drm_xe_madvise Pat(uint vm, ulong start, ulong range, uint pat)
    {
        var args = new drm_xe_madvise { vm_id = vm, start = start, range = range, type = DRM_XE_MEM_RANGE_ATTR_PAT };
        args.pat_index.val = pat;
        return args;
    }

    private static drm_xe_madvise Atomic(uint vm, ulong start, ulong range, uint value)
    {
        var args = new drm_xe_madvise { vm_id = vm, start = start, range = range, type = DRM_XE_MEM_RANGE_ATTR_ATOMIC };
        args.atomic.val = value;
        return args;
    }

    private static drm_xe_madvise Location(uint vm, ulong start, ulong range, int fd, ushort policy = 0, ushort region = 0)
    {
        var args = new drm_xe_madvise { vm_id = vm, start = start, range = range, type = DRM_XE_MEM_RANGE_ATTR_PREFERRED_LOC };
        args.preferred_mem_loc.devmem_fd = (uint)fd;
        args.preferred_mem_loc.migration_policy = policy;
        args.preferred_mem_loc.region_instance = region;
        return args;
    }

    private static Errno Advise(XeRig rig, drm_xe_madvise args) => rig.Call(DRM_IOCTL_XE_MADVISE, ref args);

    private static drm_xe_vm_bind_op NullOp(ulong addr, ulong range) =>
        new() { op = DRM_XE_VM_BIND_OP_MAP, flags = DRM_XE_VM_BIND_FLAG_NULL, addr = addr, range = range, pat_index = XeRig.CoherentPat };

    // Both steps of the query: the VMAs' attributes in [start, start + range).
    private static drm_xe_mem_range_attr[] Query(XeRig rig, uint vm, ulong start = 0, ulong range = 1UL << 40)
    {
        var query = new drm_xe_vm_query_mem_range_attr { vm_id = vm, start = start, range = range };
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS, ref query));
        var attrs = new drm_xe_mem_range_attr[query.num_mem_ranges];
        if (attrs.Length > 0)
        {
            query.vector_of_mem_attr = rig.Pin(attrs);
            Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS, ref query));
            Assert.Equal((uint)attrs.Length, query.num_mem_ranges);
        }

        return attrs;
    }

    [Fact]
    public void S6_madvise_argument_checks_in_the_kernels_order()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        Assert.Equal(Errno.EINVAL, Advise(rig, Pat(7, A, 0x1000, 1))); // unknown VM: -EINVAL before the arguments
        Assert.Equal(Errno.EINVAL, Advise(rig, Pat(vm, A + 0x800, 0x1000, 1))); // start not 4 KiB aligned
        Assert.Equal(Errno.EINVAL, Advise(rig, Pat(vm, A, 0x1800, 1))); // range not aligned
        Assert.Equal(Errno.EINVAL, Advise(rig, Pat(vm, A, 0, 1))); // range below 4 KiB
        Assert.Equal(Errno.EINVAL, Advise(rig, Pat(vm, A, 0x1000, 1) with { type = 4 })); // unknown attribute
        Assert.Equal(Errno.EINVAL, Advise(rig, Location(vm, A, 0x1000, -2))); // devmem_fd below DEFAULT_SYSTEM
        Assert.Equal(Errno.EINVAL, Advise(rig, Location(vm, A, 0x1000, 0, region: 1))); // a region with a default location
        Assert.Equal(Errno.EINVAL, Advise(rig, Location(vm, A, 0x1000, -1, policy: 2))); // migration policy
        Assert.Equal(Errno.EINVAL, Advise(rig, Atomic(vm, A, 0x1000, DRM_XE_ATOMIC_CPU + 1)));
        drm_xe_madvise atomicPad = Atomic(vm, A, 0x1000, DRM_XE_ATOMIC_DEVICE);
        atomicPad.atomic.pad = 1;
        Assert.Equal(Errno.EINVAL, Advise(rig, atomicPad));
        Assert.Equal(Errno.EINVAL, Advise(rig, Pat(vm, A, 0x1000, 32))); // past the PAT table
        Assert.Equal(Errno.EINVAL, Advise(rig, Pat(vm, A, 0x1000, 17))); // a reserved PAT entry (no coherency mode)
        drm_xe_madvise patReserved = Pat(vm, A, 0x1000, 1);
        patReserved.pat_index.reserved = 1;
        Assert.Equal(Errno.EINVAL, Advise(rig, patReserved));
        var purge = new drm_xe_madvise { vm_id = vm, start = A, range = 0x1000, type = DRM_XE_VMA_ATTR_PURGEABLE_STATE };
        purge.purge_state_val.val = 2;
        Assert.Equal(Errno.EINVAL, Advise(rig, purge));
        drm_xe_madvise reserved = Pat(vm, A, 0x1000, 1);
        reserved.reserved[1] = 1;
        Assert.Equal(Errno.EINVAL, Advise(rig, reserved));
        Assert.Equal(Errno.None, Advise(rig, Pat(vm, A, 0x1000, 1) with { extensions = 1 })); // extensions are not looked at
        Assert.Equal(Errno.EINVAL, Advise(rig, Pat(vm, (1UL << 48) - 0x1000, 0x2000, 1))); // leaves the VM (drm_gpuvm_range_valid)
        Assert.Equal(Errno.None, Advise(rig, Pat(vm, A, 0x1000, 1))); // nothing bound there: nothing to do
    }

    [Fact]
    public void S6_madvise_purgeable_state_reads_and_writes_retained()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        uint bo = rig.Bo();
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.MapOp(bo, A, 0x10000)));
        var retained = new uint[] { 0 };
        var purge = new drm_xe_madvise { vm_id = vm, start = A, range = 0x10000, type = DRM_XE_VMA_ATTR_PURGEABLE_STATE };
        purge.purge_state_val.val = DRM_XE_VMA_PURGEABLE_STATE_DONTNEED;
        purge.purge_state_val.retained_ptr = 0x7000_0000_0000;
        Assert.Equal(Errno.EFAULT, Advise(rig, purge)); // retained is read first
        purge.purge_state_val.retained_ptr = rig.Pin(retained);
        retained[0] = 5;
        Assert.Equal(Errno.EINVAL, Advise(rig, purge)); // it must come in as 0
        retained[0] = 0;
        Assert.Equal(Errno.None, Advise(rig, purge));
        Assert.Equal(1u, retained[0]); // not purged
    }

    [Fact]
    public void S6_madvise_devmem_fd_must_name_vram_of_this_device()
    {
        using var rig = new XeRig(XeConfiguration.Discrete);
        uint vm = rig.Vm();
        using DeviceFile again = rig.Open(); // the rig's own file is fd 0, which means "the default device"
        int fd = again.Handle.Fd;
        Assert.True(fd > 0);
        Assert.Equal(Errno.ENOENT, Advise(rig, Location(vm, A, 0x1000, 999, region: 1))); // no such fd
        Assert.Equal(Errno.ENOENT, Advise(rig, Location(vm, A, 0x1000, fd, region: 0))); // region 0 is system memory
        Assert.Equal(Errno.ENOENT, Advise(rig, Location(vm, A, 0x1000, fd, region: 2))); // no second VRAM region
        Assert.Equal(Errno.None, Advise(rig, Location(vm, A, 0x1000, fd, region: 1)));
        XeDriver other = XeDriver.CreateDevice(rig.Kernel, XeConfiguration.Discrete);
        using DeviceFile otherFile = DeviceFile.Open(rig.Process, other.Device.RenderNodePath!).Value;
        Assert.Equal(Errno.ENOLINK, Advise(rig, Location(vm, A, 0x1000, otherFile.Handle.Fd, region: 1))); // another device's VRAM
        using var integrated = new XeRig(XeConfiguration.Integrated);
        using DeviceFile integratedAgain = integrated.Open();
        Assert.Equal(Errno.ENOENT, Advise(integrated, Location(integrated.Vm(), A, 0x1000, integratedAgain.Handle.Fd, region: 1))); // no VRAM at all
    }

    [Fact]
    public void S6_madvise_pat_applies_to_the_whole_bo_vma_and_splits_a_null_binding_at_its_edges()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        uint bo = rig.Bo();
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.MapOp(bo, A, 0x10000)));
        Assert.Equal(Errno.None, rig.Bind(vm, NullOp(B, 0x10000)));

        // Advice on part of a BO's VMA: drm_gpuvm does not split BO VMAs for madvise, so all of it changes.
        Assert.Equal(Errno.None, Advise(rig, Pat(vm, A + 0x4000, 0x1000, 1)));
        // Advice on the middle of a NULL binding: three VMAs, only the middle one advised.
        Assert.Equal(Errno.None, Advise(rig, Pat(vm, B + 0x4000, 0x4000, 1)));
        drm_xe_mem_range_attr[] attrs = Query(rig, vm);
        Assert.Equal(
            [(A, A + 0x10000, 1u), (B, B + 0x4000, XeRig.CoherentPat), (B + 0x4000, B + 0x8000, 1u), (B + 0x8000, B + 0x10000, XeRig.CoherentPat)],
            attrs.Select(a => (a.start, a.end, a.pat_index.val)));
        Assert.All(attrs, a => Assert.Equal((0u, 0u, 0u), (a.atomic.val, a.preferred_mem_loc.devmem_fd, a.preferred_mem_loc.migration_policy)));
        Assert.Single(Query(rig, vm, B + 0x5000, 0x1000)); // the range picks the VMAs it overlaps
    }

    [Fact]
    public void S6_madvise_atomic_rules_per_bo_placement_and_userptr()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        uint bo = rig.Bo();
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.MapOp(bo, A, 0x10000)));
        Assert.Equal(Errno.EINVAL, Advise(rig, Atomic(vm, A, 0x10000, DRM_XE_ATOMIC_GLOBAL))); // global atomics need a VRAM placement too
        Assert.Equal(Errno.None, Advise(rig, Atomic(vm, A, 0x10000, DRM_XE_ATOMIC_CPU)));
        var memory = new byte[0x3000];
        ulong page = (rig.Pin(memory) + 0xFFF) & ~0xFFFUL;
        var userptr = new drm_xe_vm_bind_op { op = DRM_XE_VM_BIND_OP_MAP_USERPTR, userptr = page, addr = B, range = 0x1000, pat_index = XeRig.CoherentPat };
        Assert.Equal(Errno.None, rig.Bind(vm, userptr));
        Assert.Equal(Errno.None, Advise(rig, Atomic(vm, B, 0x1000, DRM_XE_ATOMIC_CPU))); // a userptr VMA takes only DEVICE
        Assert.Equal(0u, Query(rig, vm, B, 0x1000)[0].atomic.val);
        Assert.Equal(Errno.None, Advise(rig, Atomic(vm, B, 0x1000, DRM_XE_ATOMIC_DEVICE)));
        Assert.Equal([DRM_XE_ATOMIC_CPU, DRM_XE_ATOMIC_DEVICE], Query(rig, vm).Select(a => a.atomic.val));

        using var discrete = new XeRig(XeConfiguration.Discrete);
        uint dvm = discrete.Vm();
        uint vram = discrete.Bo(placement: 2, caching: DRM_XE_GEM_CPU_CACHING_WC);
        Assert.Equal(Errno.None, discrete.Bind(dvm, XeRig.MapOp(vram, A, 0x10000)));
        Assert.Equal(Errno.EINVAL, Advise(discrete, Atomic(dvm, A, 0x10000, DRM_XE_ATOMIC_CPU))); // CPU atomics need system memory
        Assert.Equal(Errno.None, Advise(discrete, Atomic(dvm, A, 0x10000, DRM_XE_ATOMIC_DEVICE)));
    }

    [Fact]
    public void S6_madvise_non_coherent_pat_on_cached_memory_only_on_a_discrete_part()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.MapOp(rig.Bo(), A, 0x10000)));
        Assert.Equal(Errno.EINVAL, Advise(rig, Pat(vm, A, 0x10000, 0))); // PAT 0 is non-coherent, the BO is WB
        uint wc = rig.Bo(caching: DRM_XE_GEM_CPU_CACHING_WC);
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.MapOp(wc, B, 0x10000)));
        Assert.Equal(Errno.None, Advise(rig, Pat(vm, B, 0x10000, 0)));

        using var discrete = new XeRig(XeConfiguration.Discrete);
        uint dvm = discrete.Vm();
        Assert.Equal(Errno.None, discrete.Bind(dvm, XeRig.MapOp(discrete.Bo(), A, 0x10000)));
        Assert.Equal(Errno.None, Advise(discrete, Pat(dvm, A, 0x10000, 0)));
        Assert.Equal(0u, Query(discrete, dvm)[0].pat_index.val);
    }

    [Fact]
    public void S6_madvise_preferred_location_applies_to_cpu_mirror_vmas_only()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm(DRM_XE_VM_CREATE_FLAG_LR_MODE | DRM_XE_VM_CREATE_FLAG_FAULT_MODE);
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.MapOp(rig.Bo(), A, 0x10000)));
        var mirror = new drm_xe_vm_bind_op { op = DRM_XE_VM_BIND_OP_MAP, flags = DRM_XE_VM_BIND_FLAG_CPU_ADDR_MIRROR, addr = B, range = 0x10000, pat_index = XeRig.CoherentPat };
        Assert.Equal(Errno.None, rig.Bind(vm, mirror));
        Assert.Equal(Errno.None, Advise(rig, Location(vm, A, B + 0x10000 - A, DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM, DRM_XE_MIGRATE_ONLY_SYSTEM_PAGES)));
        Assert.Equal(
            [(0u, 0u), (unchecked((uint)DRM_XE_PREFERRED_LOC_DEFAULT_SYSTEM), (uint)DRM_XE_MIGRATE_ONLY_SYSTEM_PAGES)],
            Query(rig, vm).Select(a => (a.preferred_mem_loc.devmem_fd, a.preferred_mem_loc.migration_policy)));
    }

    [Fact]
    public void S6_an_unmap_inside_an_advised_vma_leaves_two_vmas_with_its_attributes()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.MapOp(rig.Bo(), A, 0x10000)));
        Assert.Equal(Errno.None, Advise(rig, Atomic(vm, A, 0x10000, DRM_XE_ATOMIC_DEVICE)));
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.UnmapOp(A + 0x4000, 0x4000)));
        Assert.Equal(Errno.None, Advise(rig, Pat(vm, A, 0x1000, 1))); // the first piece only: the pieces are VMAs of their own
        Assert.Equal(
            [(A, A + 0x4000, DRM_XE_ATOMIC_DEVICE, 1u), (A + 0x8000, A + 0x10000, DRM_XE_ATOMIC_DEVICE, XeRig.CoherentPat)],
            Query(rig, vm).Select(a => (a.start, a.end, a.atomic.val, a.pat_index.val)));
    }

    [Fact]
    public void S6_query_mem_range_attrs_two_step_protocol_and_its_checks()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.MapOp(rig.Bo(), A, 0x10000)));
        Assert.Equal(Errno.None, rig.Bind(vm, NullOp(B, 0x10000)));
        var query = new drm_xe_vm_query_mem_range_attr { vm_id = vm, start = 0, range = 1UL << 40 };
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS, ref query));
        Assert.Equal((2u, (ulong)XeRig.SizeOf<drm_xe_mem_range_attr>()), (query.num_mem_ranges, query.sizeof_mem_range_attr));

        var bad = query with { num_mem_ranges = 0, sizeof_mem_range_attr = 64 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS, ref bad)); // step one with a size
        bad = query with { vector_of_mem_attr = 0 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS, ref bad)); // step two without an array
        var one = new drm_xe_mem_range_attr[1];
        bad = query with { vector_of_mem_attr = rig.Pin(one), sizeof_mem_range_attr = 8 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS, ref bad)); // another entry size
        bad = query with { vm_id = 9, num_mem_ranges = 0, sizeof_mem_range_attr = 0 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS, ref bad)); // unknown VM: -EINVAL
        bad = query with { num_mem_ranges = 1, vector_of_mem_attr = rig.Pin(one) };
        Assert.Equal(Errno.ENOSPC, rig.Call(DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS, ref bad)); // a VMA more than asked for
        bad = query with { vector_of_mem_attr = 0x7000_0000_0000 };
        Assert.Equal(Errno.EFAULT, rig.Call(DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS, ref bad));

        var roomy = new drm_xe_mem_range_attr[5];
        var ask = query with { num_mem_ranges = 5, vector_of_mem_attr = rig.Pin(roomy) };
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_VM_QUERY_MEM_RANGE_ATTRS, ref ask));
        Assert.Equal(2u, ask.num_mem_ranges); // what was written
        Assert.Equal([(A, A + 0x10000), (B, B + 0x10000), (0UL, 0UL)], roomy.Take(3).Select(a => (a.start, a.end)));
    }
}
