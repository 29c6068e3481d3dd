using System.Reflection;
using AccelInterop.Runtime.Abi;
using AccelInterop.Runtime.Ioctl;

namespace AccelInterop.Emitter.Tests;

/// <summary>The ABI-fact attributes land where the reviewed annotation files say (docs/annotations.md), and not elsewhere.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class AbiFactTests(CommittedUapis uapis) : IClassFixture<CommittedUapis>
{
    private MemberInfo Member(string type, string member) =>
        uapis.Assembly!.GetType(type, throwOnError: true)!.GetMember(member).Single();

    [Fact]
    public void Flags_member_takes_its_family_and_counting_enumerations_are_not_flags()
    {
        var flags = Member("AccelInterop.Uapi.Xe.drm_xe_gem_create", "flags").GetCustomAttribute<FlagFamilyAttribute>()!;
        Assert.Equal("DRM_XE_GEM_CREATE_FLAG", flags.Family.Name);
        Assert.NotNull(flags.Family.GetCustomAttribute<FlagsAttribute>());
        Assert.Contains("DRM_XE_GEM_CREATE_FLAG_SCANOUT", Enum.GetNames(flags.Family));
        Assert.Equal("DRM_XE_VM_BIND_FLAG",
            Member("AccelInterop.Uapi.Xe.drm_xe_vm_bind_op", "flags").GetCustomAttribute<FlagFamilyAttribute>()!.Family.Name);
        Assert.Null(Member("AccelInterop.Uapi.Xe.drm_xe_sync", "type").GetCustomAttribute<FlagFamilyAttribute>());
        Assert.Null(uapis.Assembly!.GetType("AccelInterop.Uapi.Xe.DRM_XE_VM_BIND_OP"));
    }

    [Fact]
    public void Must_be_zero_user_pointer_and_handle_members()
    {
        Assert.NotNull(Member("AccelInterop.Uapi.Xe.drm_xe_gem_create", "pad").GetCustomAttribute<MustBeZeroAttribute>());
        Assert.NotNull(Member("AccelInterop.Uapi.Xe.drm_xe_gem_create", "reserved").GetCustomAttribute<MustBeZeroAttribute>());
        Assert.NotNull(Member("AccelInterop.Uapi.Vfio.vfio_iommu_type1_dma_map", "vaddr").GetCustomAttribute<UserPointerAttribute>());
        // A GPU virtual address is not a user pointer.
        Assert.Null(Member("AccelInterop.Uapi.Xe.drm_xe_vm_bind_op", "addr").GetCustomAttribute<UserPointerAttribute>());
        Assert.Equal("xe.exec_queue", Member("AccelInterop.Uapi.Xe.drm_xe_exec", "exec_queue_id").GetCustomAttribute<HandleAttribute>()!.Kind);
        Assert.Equal("xe.vm", Member("AccelInterop.Uapi.Xe.drm_xe_exec_queue_create", "vm_id").GetCustomAttribute<HandleAttribute>()!.Kind);
        Assert.Equal("gem", Member("AccelInterop.Uapi.Xe.drm_xe_gem_create", "handle").GetCustomAttribute<HandleAttribute>()!.Kind);
        Assert.Equal("dmabuf", Member("AccelInterop.Uapi.Drm.drm_prime_handle", "fd").GetCustomAttribute<FileDescriptorAttribute>()!.Kind);
        Assert.Null(Member("AccelInterop.Uapi.Drm.drm_prime_handle", "fd").GetCustomAttribute<HandleAttribute>());
    }

    /// <summary>The facts issue 17 names as the heuristics' misses (xe_exec.c, xe_vm.c, vfio_group.c show them).</summary>
    [Fact]
    public void Reviewed_facts_the_heuristics_missed()
    {
        var syncs = Member("AccelInterop.Uapi.Xe.drm_xe_exec", "syncs").GetCustomAttribute<UserPointerAttribute>()!;
        Assert.Equal(("drm_xe_sync", "num_syncs"), (syncs.PointsTo, syncs.CountMember));
        Assert.Equal("drm_xe_vm_bind_op", Member("AccelInterop.Uapi.Xe.drm_xe_vm_bind", "vector_of_binds").GetCustomAttribute<UserPointerAttribute>()!.PointsTo);
        Assert.Equal("gem", Member("AccelInterop.Uapi.Xe.drm_xe_vm_bind_op", "obj").GetCustomAttribute<HandleAttribute>()!.Kind);
        Assert.Equal("VFIO_GROUP_FLAGS", Member("AccelInterop.Uapi.Vfio.vfio_group_status", "flags").GetCustomAttribute<FlagFamilyAttribute>()!.Family.Name);
        // The heuristic took drm_xe_sync.handle for a GEM handle; xe_sync.c looks it up as a syncobj.
        Assert.Equal("syncobj", Member("AccelInterop.Uapi.Xe.drm_xe_sync", "handle").GetCustomAttribute<HandleAttribute>()!.Kind);
    }

    [Fact]
    public void Requests_carry_their_direction()
    {
        var direction = Member("AccelInterop.Uapi.Xe.Xe", "DRM_IOCTL_XE_GEM_CREATE").GetCustomAttribute<RequestDirectionAttribute>()!;
        Assert.Equal(IoctlDirection.ReadWrite, direction.Direction);
    }
}
