using System.Runtime.InteropServices;
using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Uapi.Xe;
using static AccelInterop.Runtime.Errors.Errno;
using static AccelInterop.Simulation.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Xe;

// EXEC (xe.md §8, xe_exec.c:xe_exec_ioctl) and WAIT_USER_FENCE (§10, xe_wait_user_fence.c).
public sealed partial class XeDriver
{
    private int Exec(XeFile file, SimulatedProcess caller, ref drm_xe_exec args)
    {
        if (args.extensions != 0 || args.pad[0] != 0 || args.pad[1] != 0 || args.pad[2] != 0 ||
            args.reserved[0] != 0 || args.reserved[1] != 0 || args.num_syncs > DRM_XE_MAX_SYNCS)
        {
            return -EINVAL;
        }

        XeExecQueue? queue = file.LookupQueue(args.exec_queue_id);
        if (queue is null)
        {
            return -ENOENT;
        }

        ReadOnlySpan<XeSyncEntry> syncs = [];
        try
        {
            if (queue.IsBindQueue || (args.num_batch_buffer != 0 && args.num_batch_buffer != queue.Width))
            {
                return -EINVAL;
            }

            if (queue.IsBanned)
            {
                return -ECANCELED;
            }

            if (queue.JobCount >= XeExecQueue.MaxJobs)
            {
                return -EAGAIN;
            }

            XeVm vm = queue.Vm;
            int r = XeSyncEntry.ParseAll(file, caller, args.syncs, args.num_syncs,
                XeSyncEntry.ParseFlags.Exec | (vm.IsLongRunning ? XeSyncEntry.ParseFlags.LongRunning : 0), out syncs);
            if (r < 0)
            {
                return r;
            }

            // The queue's width is at most XE_HW_ENGINE_MAX_INSTANCE (checked at creation).
            Span<ulong> addresses = stackalloc ulong[XeExecQueueLimits.MaxInstances];
            Span<ulong> batches = addresses[..(args.num_batch_buffer == 0 ? 0 : queue.Width)];
            if (batches.Length == 1)
            {
                batches[0] = args.address;
            }
            else if (batches.Length > 1 && caller.Memory.CopyFromUser(MemoryMarshal.AsBytes(batches), args.address) < 0)
            {
                return -EFAULT;
            }

            if (args.num_batch_buffer == 0)
            {
                // Syncs only: the out-syncs get what the in-syncs and the queue's last fence make together.
                if (!vm.IsLongRunning)
                {
                    DmaFence fence = InFences(queue, syncs);
                    foreach (XeSyncEntry sync in syncs)
                    {
                        sync.SignalWith(fence);
                    }

                    queue.LastFence.Set(fence);
                    fence.Put();
                }

                return 0;
            }

            if (vm.IsClosedOrBanned)
            {
                return -ECANCELED;
            }

            BarrierPage?.Observe(); // a barrier written before the submission is seen by it
            r = queue.Submit(batches, syncs);
            if (r == 0)
            {
                Kick();
            }

            return r;
        }
        finally
        {
            XeSyncEntry.CleanupAll(syncs);
            queue.Put();
        }
    }

    // xe_sync_in_fence_get: the in-sync fences and the queue's last fence, as one fence.
    private DmaFence InFences(XeExecQueue queue, ReadOnlySpan<XeSyncEntry> syncs)
    {
        var fences = new List<DmaFence>();
        foreach (XeSyncEntry sync in syncs)
        {
            if (sync.Fence is DmaFence fence)
            {
                fences.Add(fence);
            }
        }

        DmaFence last = queue.LastFence.Get();
        if (fences.Count == 0)
        {
            return last;
        }

        fences.Add(last);
        DmaFence array = DmaFenceArray.Create(fences, Device.Kernel.Counts);
        last.Put();
        return array;
    }

    private const ushort MaxWaitOp = DRM_XE_UFENCE_WAIT_OP_LTE;

    // xe_wait_user_fence.c:xe_wait_user_fence_ioctl.
    private int WaitUserFence(XeFile file, SimulatedProcess caller, ref drm_xe_wait_user_fence args)
    {
        if (args.extensions != 0 || args.pad != 0 || args.pad2 != 0 || args.reserved[0] != 0 || args.reserved[1] != 0 ||
            (args.flags & ~DRM_XE_UFENCE_WAIT_FLAG_ABSTIME) != 0 || args.op > MaxWaitOp || (args.addr & 7) != 0)
        {
            return -EINVAL;
        }

        XeExecQueue? queue = null;
        if (args.exec_queue_id != 0)
        {
            queue = file.LookupQueue(args.exec_queue_id);
            if (queue is null)
            {
                return -ENOENT;
            }
        }

        try
        {
            SimulatedKernel kernel = Device.Kernel;
            bool absolute = (args.flags & DRM_XE_UFENCE_WAIT_FLAG_ABSTIME) != 0;
            long start = kernel.MonotonicNanoseconds;
            if (args.timeout < 0)
            {
                args.timeout = long.MaxValue; // MAX_SCHEDULE_TIMEOUT, so the write-back below cannot reach 0
            }

            long deadline = args.timeout == long.MaxValue ? long.MaxValue
                : absolute ? args.timeout
                : start > long.MaxValue - args.timeout ? long.MaxValue : start + args.timeout;
            var condition = new UserFenceCondition(caller.Memory, args.addr, args.value, args.mask, args.op, queue);
            int r = condition.Check();
            if (r > 0 && args.timeout != 0)
            {
                Kick();
                kernel.WaitUntil(ref condition, deadline);
                r = condition.Check();
                if (r > 0)
                {
                    r = queue?.IsBanned == true ? -EIO : kernel.MonotonicNanoseconds >= deadline ? -ETIME : -EINTR;
                }
            }
            else if (r > 0)
            {
                r = queue?.IsBanned == true ? -EIO : -ETIME;
            }

            if (!absolute)
            {
                long elapsed = kernel.MonotonicNanoseconds - start;
                args.timeout = Math.Max(0, args.timeout - elapsed);
            }

            return r;
        }
        finally
        {
            queue?.Put();
        }
    }

    /// <summary>
    /// do_compare over the caller's memory: 0 when <c>(*addr &amp; mask) OP (value &amp; mask)</c>
    /// holds (unsigned 64-bit), 1 when not yet, -EFAULT for memory the caller cannot read; as a
    /// wait condition it also ends the wait for a fault or a reset queue (-EIO).
    /// </summary>
    private readonly unsafe struct UserFenceCondition(UserMemory memory, ulong address, ulong value, ulong mask, ushort op, XeExecQueue? queue)
        : IWaitCondition
    {
        public int Check()
        {
            if (!memory.IsAccessible(address, 8))
            {
                return -EFAULT;
            }

            ulong current = Volatile.Read(ref *(ulong*)address) & mask;
            ulong wanted = value & mask;
            bool passed = op switch
            {
                DRM_XE_UFENCE_WAIT_OP_EQ => current == wanted,
                DRM_XE_UFENCE_WAIT_OP_NEQ => current != wanted,
                DRM_XE_UFENCE_WAIT_OP_GT => current > wanted,
                DRM_XE_UFENCE_WAIT_OP_GTE => current >= wanted,
                DRM_XE_UFENCE_WAIT_OP_LT => current < wanted,
                _ => current <= wanted,
            };
            return passed ? 0 : 1;
        }

        public bool IsSatisfied() => Check() <= 0 || queue?.IsBanned == true;
    }
}
