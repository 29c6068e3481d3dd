using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Tests.Uapi.Xe;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Simulation.Tests.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>
/// xe.md §3 item 10 and §7 item 7: GEM_CREATE and EXEC_QUEUE_CREATE follow the whole extension
/// chain (xe_bo.c:gem_create_user_extensions, xe_exec_queue.c:exec_queue_user_extensions), up to
/// MAX_USER_EXTENSIONS (16) links; the 17th is -E2BIG, so a chain that loops ends there.
/// </summary>
public sealed class XeExtensionChainTests
{
    private const uint PxpType = DRM_XE_GEM_CREATE_SET_PROPERTY_PXP_TYPE;

    private static Errno CreateBo(XeRig rig, ulong extensions)
    {
        var args = new drm_xe_gem_create { size = 0x10000, placement = 1, cpu_caching = DRM_XE_GEM_CPU_CACHING_WB, extensions = extensions };
        return rig.Call(DRM_IOCTL_XE_GEM_CREATE, ref args);
    }

    private static (uint, ulong)[] Links(int count, ulong value = 0) => Enumerable.Repeat((PxpType, value), count).ToArray();

    [Fact]
    public void S3_gem_create_follows_every_link_up_to_16_and_the_17th_is_E2BIG()
    {
        using var rig = new XeRig();
        Assert.Equal(Errno.None, CreateBo(rig, rig.PropertyChain(Links(2))));
        Assert.Equal(Errno.None, CreateBo(rig, rig.PropertyChain(Links(16))));
        Assert.Equal(Errno.E2BIG, CreateBo(rig, rig.PropertyChain(Links(17))));
        // A bad link anywhere in the chain is seen: the second link's value is not a PXP type.
        Assert.Equal(Errno.EINVAL, CreateBo(rig, rig.PropertyChain((PxpType, 0), (PxpType, 2))));
        Assert.Equal(Errno.EINVAL, CreateBo(rig, rig.PropertyChain((PxpType, 0), (1, 0)))); // property 1 does not exist
    }

    [Fact]
    public void S3_a_chain_that_links_back_to_itself_ends_with_E2BIG()
    {
        using var rig = new XeRig();
        var link = new drm_xe_ext_set_property[1];
        ulong address = rig.Pin(link);
        link[0].property = PxpType;
        link[0].@base.next_extension = address; // pinned: the kernel reads what the array holds now
        Assert.Equal(Errno.E2BIG, CreateBo(rig, address));
        Assert.Equal(Errno.E2BIG, rig.CreateQueue(out _, rig.Vm(), extensions: address));
    }

    [Fact]
    public void S3_each_link_is_checked_as_gem_create_user_ext_set_property_checks_it()
    {
        using var rig = new XeRig();
        var link = new drm_xe_ext_set_property[1];
        ulong address = rig.Pin(link);
        link[0] = new drm_xe_ext_set_property { property = PxpType };
        link[0].@base.name = 1; // only SET_PROPERTY (0)
        Assert.Equal(Errno.EINVAL, CreateBo(rig, address));
        link[0].@base.name = 0;
        link[0].@base.pad = 1;
        Assert.Equal(Errno.EINVAL, CreateBo(rig, address));
        link[0].@base.pad = 0;
        link[0].pad = 1;
        Assert.Equal(Errno.EINVAL, CreateBo(rig, address));
        link[0].pad = 0;
        link[0].reserved[0] = 1; // the kernel does not look at the reserved words of this link
        Assert.Equal(Errno.None, CreateBo(rig, address));
        link[0].@base.next_extension = 0x9000; // not the caller's memory
        Assert.Equal(Errno.EFAULT, CreateBo(rig, address));
    }

    [Fact]
    public void S3_hwdrm_needs_pxp()
    {
        using var integrated = new XeRig(XeConfiguration.Integrated);
        Assert.Equal(Errno.None, CreateBo(integrated, integrated.PropertyChain((PxpType, 0), (PxpType, 1))));
        using var discrete = new XeRig(XeConfiguration.Discrete);
        Assert.Equal(Errno.ENODEV, CreateBo(discrete, discrete.PropertyChain((PxpType, 0), (PxpType, 1))));
    }
}
