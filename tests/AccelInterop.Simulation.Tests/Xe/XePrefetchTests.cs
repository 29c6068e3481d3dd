using System.Runtime.InteropServices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Tests.Uapi.Xe;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Simulation.Tests.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>
/// xe.md §6, PREFETCH (xe_vm.c:op_lock_and_prep → xe_bo_migrate): the bound BO moves to the requested
/// region if it was created with that placement (else -EINVAL); "consult madvise" (-1) means its
/// first VRAM placement. The move shows in the memory-regions query's usage.
/// </summary>
public sealed class XePrefetchTests
{
    private const ulong Va = 0x1_0000_0000, Size = 0x10000;

    private static (ulong System, ulong Vram) Used(XeRig rig)
    {
        byte[] regions = rig.Query(DRM_XE_DEVICE_QUERY_MEM_REGIONS);
        drm_xe_mem_region system = MemoryMarshal.Read<drm_xe_mem_region>(regions.AsSpan(8));
        drm_xe_mem_region vram = MemoryMarshal.Read<drm_xe_mem_region>(regions.AsSpan(8 + XeRig.SizeOf<drm_xe_mem_region>()));
        return (system.used, vram.used);
    }

    private static drm_xe_vm_bind_op Prefetch(ulong addr, uint region) =>
        new() { op = DRM_XE_VM_BIND_OP_PREFETCH, addr = addr, range = Size, prefetch_mem_region_instance = region, pat_index = XeRig.CoherentPat };

    [Fact]
    public void S6_prefetch_moves_the_bo_between_its_placements_and_the_usage_follows()
    {
        using var rig = new XeRig(XeConfiguration.Discrete, sysAdmin: true); // usage is shown to perfmon-capable callers
        uint vm = rig.Vm();
        (ulong system0, ulong vram0) = Used(rig);
        Assert.Equal(Errno.None, rig.CreateBo(out uint both, Size, placement: 0b11, caching: DRM_XE_GEM_CPU_CACHING_WC));
        Assert.Equal((system0, vram0 + Size), Used(rig)); // created in VRAM, its first placement
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.MapOp(both, Va, Size)));

        Assert.Equal(Errno.None, rig.Bind(vm, Prefetch(Va, 0)));
        Assert.Equal((system0 + Size, vram0), Used(rig));
        Assert.Equal(Errno.None, rig.Bind(vm, Prefetch(Va, unchecked((uint)DRM_XE_CONSULT_MEM_ADVISE_PREF_LOC))));
        Assert.Equal((system0, vram0 + Size), Used(rig));

        uint systemOnly = rig.Bo(Size);
        Assert.Equal(Errno.None, rig.Bind(vm, XeRig.MapOp(systemOnly, Va + Size, Size)));
        Assert.Equal(Errno.EINVAL, rig.Bind(vm, Prefetch(Va + Size, 1))); // xe_bo_can_migrate: not one of its placements
        Assert.Equal((system0 + Size, vram0 + Size), Used(rig));
    }
}
