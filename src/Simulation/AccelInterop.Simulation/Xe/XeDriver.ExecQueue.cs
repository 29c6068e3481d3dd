using System.Runtime.InteropServices;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Xe;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Xe;

// EXEC_QUEUE_CREATE / DESTROY / GET_PROPERTY / SET_PROPERTY (xe.md §7, xe_exec_queue.c).
public sealed partial class XeDriver
{
    // xe_exec_queue.c:xe_exec_queue_create_ioctl.
    private int ExecQueueCreate(XeFile file, SimulatedProcess caller, ref drm_xe_exec_queue_create args)
    {
        if ((args.flags & ~DRM_XE_EXEC_QUEUE_LOW_LATENCY_HINT) != 0 || args.reserved[0] != 0 || args.reserved[1] != 0)
        {
            return -EINVAL;
        }

        // xe_exec_queue_create_ioctl: len is a u32, so width * num_placements (two u16s) cannot go negative.
        uint length = (uint)args.width * args.num_placements;
        if (length == 0 || length > XeExecQueueLimits.MaxInstances)
        {
            return -EINVAL;
        }

        Span<drm_xe_engine_class_instance> eci = stackalloc drm_xe_engine_class_instance[XeExecQueueLimits.MaxInstances];
        eci = eci[..(int)length];
        if (caller.Memory.CopyFromUser(MemoryMarshal.AsBytes(eci), args.instances) < 0)
        {
            return -EFAULT;
        }

        if (eci[0].gt_id >= Configuration.GtCount)
        {
            return -EINVAL;
        }

        XeHwEngine engine;
        bool bind = eci[0].engine_class == DRM_XE_ENGINE_CLASS_VM_BIND;
        if (bind)
        {
            if (args.width != 1 || args.num_placements != 1 || eci[0].engine_instance != 0)
            {
                return -EINVAL;
            }

            engine = new XeHwEngine(XeEngineClass.VmBind, 0, eci[0].gt_id);
        }
        else
        {
            if (!ValidPlacements(eci, args.width, args.num_placements))
            {
                return -EINVAL;
            }

            engine = FindEngine((XeEngineClass)eci[0].engine_class, eci[0].engine_instance, eci[0].gt_id)!.Value;
            if (args.width > 1 && !Configuration.IsMultiLrcClass(engine.Class))
            {
                return -EOPNOTSUPP;
            }
        }

        XeVm? vm = file.LookupVm(args.vm_id);
        if (vm is null)
        {
            return -ENOENT;
        }

        try
        {
            if (vm.IsClosedOrBanned)
            {
                return -ENOENT;
            }

            if (Device.Kernel.Faults.ShouldFail(FaultPoint.AllocationFailure))
            {
                return -ENOMEM;
            }

            var queue = new XeExecQueue(this, vm, engine, args.width, args.num_placements, 1, bind); // XE_EXEC_QUEUE_PRIORITY_NORMAL
            int r = ParseQueueExtensions(caller, queue, args.extensions);
            if (r < 0)
            {
                queue.Kill();
                queue.Put();
                return r;
            }

            // A preempt-fence (LR, not fault-mode) VM counts its queues: VM_DESTROY is -EBUSY while any live.
            if (!bind && vm.IsLongRunning && !vm.IsFaultMode)
            {
                queue.IsPreemptFenceQueue = true;
                vm.AddPreemptQueue();
            }

            lock (file.ExecQueues)
            {
                queue.Id = file.ExecQueues.Add(queue);
            }

            args.exec_queue_id = queue.Id;
            if (!bind)
            {
                AddQueue(queue);
            }

            return 0;
        }
        finally
        {
            vm.Put();
        }
    }

    // calc_validate_logical_mask: every placement a known engine of one GT and class; for width > 1
    // slot i's instances are slot i-1's shifted by one (parallel engines are contiguous).
    private bool ValidPlacements(ReadOnlySpan<drm_xe_engine_class_instance> eci, ushort width, ushort placements)
    {
        uint previous = 0;
        for (int i = 0; i < width; i++)
        {
            uint current = 0;
            for (int j = 0; j < placements; j++)
            {
                int n = j * width + i;
                if (eci[n].engine_class >= (ushort)XeEngineClass.VmBind ||
                    FindEngine((XeEngineClass)eci[n].engine_class, eci[n].engine_instance, eci[n].gt_id) is null ||
                    (n > 0 && (eci[n].gt_id != eci[0].gt_id || eci[n].engine_class != eci[0].engine_class)) ||
                    eci[n].engine_instance >= 32)
                {
                    return false;
                }

                current |= 1u << eci[n].engine_instance;
            }

            if (i > 0 && current != previous << 1)
            {
                return false;
            }

            previous = current;
        }

        return true;
    }

    // exec_queue_user_extensions: a chain of SET_PROPERTY links (XeUserExtensionChain).
    private int ParseQueueExtensions(SimulatedProcess caller, XeExecQueue queue, ulong extensions)
    {
        for (int number = 0; extensions != 0; number++)
        {
            int r = XeUserExtensionChain.Read(caller, extensions, number, out drm_xe_ext_set_property ext);
            if (r < 0)
            {
                return r;
            }

            r = SetQueueProperty(caller, queue, ext);
            if (r < 0)
            {
                return r;
            }

            extensions = ext.@base.next_extension;
        }

        return 0;
    }

    // exec_queue_user_ext_set_property and the setters it calls.
    private int SetQueueProperty(SimulatedProcess caller, XeExecQueue queue, in drm_xe_ext_set_property ext)
    {
        if (ext.pad != 0 || ext.reserved[0] != 0 || ext.reserved[1] != 0)
        {
            return -EINVAL;
        }

        switch (ext.property)
        {
            case DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY:
                if (ext.value > 2) // XE_EXEC_QUEUE_PRIORITY_HIGH
                {
                    return -EINVAL;
                }

                if (ext.value > MaxPriority(caller.HasSysAdmin))
                {
                    return -EPERM;
                }

                queue.Priority = (uint)ext.value;
                return 0;
            case DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE:
                // exec_queue_set_timeslice with CONFIG_DRM_XE_ENABLE_SCHEDTIMEOUT_LIMIT (default y): the
                // range is always enforced — the engine class's sysfs limits, or with CAP_SYS_NICE the
                // driver's own bounds; the class limits start at those bounds and the model has no sysfs.
                if (ext.value < XeExecQueueLimits.MinTimesliceMicroseconds || ext.value > XeExecQueueLimits.MaxTimesliceMicroseconds)
                {
                    return -EINVAL;
                }

                queue.TimesliceMicroseconds = (uint)ext.value;
                return 0;
            case DRM_XE_EXEC_QUEUE_SET_PROPERTY_PXP_TYPE:
                return ext.value == 0 ? 0 : ext.value == 1 && Configuration.HasPxp ? 0 : -EINVAL;
            case DRM_XE_EXEC_QUEUE_SET_PROPERTY_MULTI_QUEUE_PRIORITY:
                return ext.value > 2 ? -EINVAL : 0; // at creation the value is only stored
            default:
                return -EINVAL; // hang replay, multi-queue groups, the state-cache fix: not modelled
        }
    }

    // xe_exec_queue_destroy_ioctl.
    private int ExecQueueDestroy(XeFile file, SimulatedProcess caller, ref drm_xe_exec_queue_destroy args)
    {
        if (args.pad != 0 || args.reserved[0] != 0 || args.reserved[1] != 0)
        {
            return -EINVAL;
        }

        XeExecQueue? queue;
        lock (file.ExecQueues)
        {
            queue = file.ExecQueues.Remove(args.exec_queue_id);
        }

        if (queue is null)
        {
            return -ENOENT;
        }

        DestroyQueue(queue);
        return 0;
    }

    // xe_exec_queue_get_property_ioctl: BAN is the reset status.
    private int ExecQueueGetProperty(XeFile file, SimulatedProcess caller, ref drm_xe_exec_queue_get_property args)
    {
        if (args.reserved[0] != 0 || args.reserved[1] != 0)
        {
            return -EINVAL;
        }

        XeExecQueue? queue = file.LookupQueue(args.exec_queue_id);
        if (queue is null)
        {
            return -ENOENT;
        }

        try
        {
            if (args.property != DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN)
            {
                return -EINVAL;
            }

            args.value = queue.IsBanned ? 1u : 0u;
            return 0;
        }
        finally
        {
            queue.Put();
        }
    }

    // xe_exec_queue_set_property_ioctl: only MULTI_QUEUE_PRIORITY, and only on a multi-queue
    // queue once created (the model has no multi-queue groups: -EINVAL).
    private int ExecQueueSetProperty(XeFile file, SimulatedProcess caller, ref drm_xe_exec_queue_set_property args)
    {
        if (args.reserved[0] != 0 || args.reserved[1] != 0 || args.property != DRM_XE_EXEC_QUEUE_SET_PROPERTY_MULTI_QUEUE_PRIORITY)
        {
            return -EINVAL;
        }

        XeExecQueue? queue = file.LookupQueue(args.exec_queue_id);
        if (queue is null)
        {
            return -ENOENT;
        }

        queue.Put();
        return -EINVAL;
    }
}
