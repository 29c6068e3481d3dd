using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Tests.Uapi.Xe;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Simulation.Tests.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>EXEC_QUEUE_CREATE / DESTROY / GET_PROPERTY / SET_PROPERTY (xe.md §7, xe_exec_queue.c).</summary>
public sealed class XeExecQueueTests
{
    [Fact]
    public void S7_create_checks_placements_width_and_the_vm()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        var args = new drm_xe_exec_queue_create { width = 1, num_placements = 1, vm_id = vm, flags = 2 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_EXEC_QUEUE_CREATE, ref args));
        args = new drm_xe_exec_queue_create { width = 0, num_placements = 1, vm_id = vm };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_EXEC_QUEUE_CREATE, ref args));
        args = new drm_xe_exec_queue_create { width = 5, num_placements = 2, vm_id = vm };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_EXEC_QUEUE_CREATE, ref args)); // 10 > XE_HW_ENGINE_MAX_INSTANCE
        args = new drm_xe_exec_queue_create { width = 0xFFFF, num_placements = 0xFFFF, vm_id = vm };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_EXEC_QUEUE_CREATE, ref args)); // the storm's: a u32 product, not a negative int
        args = new drm_xe_exec_queue_create { width = 1, num_placements = 1, vm_id = vm, instances = 0x9000 };
        Assert.Equal(Errno.EFAULT, rig.Call(DRM_IOCTL_XE_EXEC_QUEUE_CREATE, ref args));
        Assert.Equal(Errno.EINVAL, rig.CreateQueue(out _, vm, gt: 5));
        Assert.Equal(Errno.EINVAL, rig.CreateQueue(out _, vm, XeEngineClass.Render, instance: 3)); // no such engine
        Assert.Equal(Errno.EINVAL, rig.CreateQueue(out _, vm, XeEngineClass.VmBind, width: 2));
        Assert.Equal(Errno.EINVAL, rig.CreateQueue(out _, vm, XeEngineClass.VmBind, instance: 1));
        Assert.Equal(Errno.EINVAL, rig.CreateQueue(out _, vm, XeEngineClass.Render, width: 2)); // render1 does not exist
        Assert.Equal(Errno.ENOENT, rig.CreateQueue(out _, 9));
        Assert.Equal(Errno.ENOENT, rig.CreateQueue(out _, 9, XeEngineClass.VmBind));
        // Parallel submission: two contiguous video-decode engines on the media GT.
        Assert.Equal(Errno.None, rig.CreateQueue(out uint parallel, vm, XeEngineClass.VideoDecode, gt: 1, width: 2));
        Assert.Equal(1u, parallel); // the failed creations took no id
    }

    [Fact]
    public void S7_width_above_one_on_a_class_without_multi_lrc_is_EOPNOTSUPP()
    {
        using var rig = new XeRig(XeConfiguration.Discrete); // two compute engines, contiguous
        uint vm = rig.Vm();
        Assert.Equal(Errno.EOPNOTSUPP, rig.CreateQueue(out _, vm, XeEngineClass.Compute, width: 2));
    }

    [Fact]
    public void S7_queue_ids_start_at_one_and_are_reused_lowest_first_and_double_destroy_is_ENOENT()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        uint[] ids = [rig.Queue(vm), rig.Queue(vm), rig.Queue(vm, XeEngineClass.VmBind)];
        Assert.Equal([1u, 2u, 3u], ids);
        Assert.Equal(Errno.None, rig.DestroyQueue(2));
        Assert.Equal(Errno.ENOENT, rig.DestroyQueue(2));
        Assert.Equal(2u, rig.Queue(vm, XeEngineClass.Copy));
        var bad = new drm_xe_exec_queue_destroy { exec_queue_id = 1, pad = 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, ref bad));
    }

    [Fact]
    public void S7_priority_and_timeslice_extensions()
    {
        using var rig = new XeRig();
        uint vm = rig.Vm();
        Assert.Equal(Errno.EINVAL, rig.CreateQueue(out _, vm, extensions: rig.PropertyChain((DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, 3))));
        Assert.Equal(Errno.EPERM, rig.CreateQueue(out _, vm, extensions: rig.PropertyChain((DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, 2))));
        Assert.Equal(Errno.EINVAL, rig.CreateQueue(out _, vm, extensions: rig.PropertyChain((DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, 0))));
        Assert.Equal(Errno.EINVAL, rig.CreateQueue(out _, vm, extensions: rig.PropertyChain((99, 0))));
        Assert.Equal(Errno.None, rig.CreateQueue(out uint q, vm, extensions: rig.PropertyChain(
            (DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, 0), (DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, 5000))));
        XeExecQueue queue = rig.Driver.Queues.Single();
        Assert.Equal((0u, 5000u), (queue.Priority, queue.TimesliceMicroseconds));
        Assert.Equal(1u, q);
        var links = Enumerable.Repeat((DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, 0UL), 17).Select(p => ((uint)p.Item1, p.Item2)).ToArray();
        Assert.Equal(Errno.E2BIG, rig.CreateQueue(out _, vm, extensions: rig.PropertyChain(links)));
        Assert.Single(rig.Driver.Queues); // failed creations left nothing behind
    }

    [Fact]
    public void S7_get_property_reports_the_ban_and_set_property_accepts_only_multi_queue_priority()
    {
        using var rig = new XeRig();
        uint q = rig.Queue(rig.Vm());
        var get = new drm_xe_exec_queue_get_property { exec_queue_id = q, property = DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN, value = 7 };
        Assert.Equal(Errno.None, rig.Call(DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, ref get));
        Assert.Equal(0UL, get.value);
        get = new drm_xe_exec_queue_get_property { exec_queue_id = q, property = 1 };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, ref get));
        get = new drm_xe_exec_queue_get_property { exec_queue_id = 8 };
        Assert.Equal(Errno.ENOENT, rig.Call(DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, ref get));

        var set = new drm_xe_exec_queue_set_property { exec_queue_id = q, property = DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY };
        Assert.Equal(Errno.EINVAL, rig.Call(DRM_IOCTL_XE_EXEC_QUEUE_SET_PROPERTY, ref set));
        set = new drm_xe_exec_queue_set_property { exec_queue_id = 8, property = DRM_XE_EXEC_QUEUE_SET_PROPERTY_MULTI_QUEUE_PRIORITY };
        Assert.Equal(Errno.ENOENT, rig.Call(DRM_IOCTL_XE_EXEC_QUEUE_SET_PROPERTY, ref set));
    }
}
