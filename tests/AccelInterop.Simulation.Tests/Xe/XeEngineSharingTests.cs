using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Simulation.Tests.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>
/// Queues on one hardware engine share it (xe.md §7, xe_exec_queue.c, xe_guc_submit.c): the
/// higher-priority queue's job runs first, and a timeslice bounds how long a stalled batch keeps
/// the engine while another queue of its priority waits.
/// </summary>
public sealed class XeEngineSharingTests
{
    private const ulong Target = 0x100, FenceA = 0x200, FenceB = 0x208, Flag = 0x300, Other = 0x310;

    private static uint Queue(XeRig rig, uint vm, uint priority, uint timeslice = XeExecQueueLimits.DefaultTimesliceMicroseconds)
    {
        Assert.Equal(Errno.None, rig.CreateQueue(out uint id, vm, extensions: rig.PropertyChain(
            (DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, priority), (DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, timeslice))));
        return id;
    }

    private static ulong UserFenceSyncs(XeRig rig, XeRig.Scratch s, ulong offset) => rig.Syncs(XeRig.UserFence(s.Gpu(offset), 1));

    // Two queues on rcs0, submitted first and second while the firmware is held: both batches store
    // to one address, so what it holds at the end names the job that ran last.
    [Theory]
    [InlineData(0u, 2u, 0xAAu)] // LOW first, HIGH second: HIGH runs first, LOW's store is the last
    [InlineData(1u, 1u, 0xBBu)] // equal priority: in turn, the second queue's store is the last
    [InlineData(2u, 0u, 0xBBu)]
    public void S7_the_higher_priority_queue_runs_first_on_a_shared_engine(uint first, uint second, uint lastWriter)
    {
        using var rig = new XeRig(sysAdmin: true); // CAP_SYS_NICE for HIGH
        XeRig.Scratch s = rig.CreateScratch();
        uint a = Queue(rig, s.Vm, first), b = Queue(rig, s.Vm, second);
        ulong batchA = s.StoreBatch(0x1000, Target, 0xAA), batchB = s.StoreBatch(0x1100, Target, 0xBB);
        using (rig.Kernel.HoldFirmware())
        {
            Assert.Equal(Errno.None, rig.Exec(a, batchA, UserFenceSyncs(rig, s, FenceA), 1));
            Assert.Equal(Errno.None, rig.Exec(b, batchB, UserFenceSyncs(rig, s, FenceB), 1));
        }

        Assert.Equal(Errno.None, rig.WaitUserFence(s.CpuAddress(FenceA), 1, out _));
        Assert.Equal(Errno.None, rig.WaitUserFence(s.CpuAddress(FenceB), 1, out _));
        Assert.Equal(lastWriter, s.Read32(Target));
        Assert.Single(rig.Driver.Queues.Select(q => q.HardwareEngines.Single()).Distinct()); // one engine for both
    }

    // Queue A's batch waits on a semaphore only queue B's batch sets; both on rcs0. A holds the
    // engine until its timeslice has passed (virtual time, deterministic mode), then B runs, sets
    // the flag, and A finishes on its next turn. A HIGH queue B does not wait for the slice at all.
    [Theory]
    [InlineData(100u, 1u)]
    [InlineData(5000u, 1u)]
    [InlineData(5000u, 2u)]
    public void S7_a_timeslice_lets_a_second_queue_progress_while_a_semaphore_holds_the_engine(uint timeslice, uint priorityB)
    {
        using var rig = new XeRig(options: new SimulationOptions { Seed = 15, JobTimeout = TimeSpan.FromSeconds(2) }, sysAdmin: true);
        XeRig.Scratch s = rig.CreateScratch();
        uint a = Queue(rig, s.Vm, 1, timeslice), b = Queue(rig, s.Vm, priorityB);
        ulong waiter = s.Batch(0x1000, XeMiCommand.SemaphoreWait(XeMiCommand.SemaphoreCompare.Equal), 1, (uint)s.Gpu(Flag), (uint)(s.Gpu(Flag) >> 32), 0,
            XeMiCommand.StoreDword, (uint)s.Gpu(Target), (uint)(s.Gpu(Target) >> 32), 0xAA, XeMiCommand.BatchBufferEnd);
        ulong setter = s.Batch(0x1100, XeMiCommand.StoreDword, (uint)s.Gpu(Flag), (uint)(s.Gpu(Flag) >> 32), 1,
            XeMiCommand.StoreDword, (uint)s.Gpu(Other), (uint)(s.Gpu(Other) >> 32), 0xBB, XeMiCommand.BatchBufferEnd);
        Assert.Equal(Errno.None, rig.Exec(a, waiter, UserFenceSyncs(rig, s, FenceA), 1));
        rig.Kernel.RunFirmware(); // A takes the engine and stalls on the semaphore
        long start = rig.Kernel.MonotonicNanoseconds;
        Assert.Equal(Errno.None, rig.Exec(b, setter, UserFenceSyncs(rig, s, FenceB), 1));

        Assert.Equal(Errno.None, rig.WaitUserFence(s.CpuAddress(FenceB), 1, out _));
        long waited = rig.Kernel.MonotonicNanoseconds - start;
        Assert.Equal(Errno.None, rig.WaitUserFence(s.CpuAddress(FenceA), 1, out _));
        Assert.Equal((0xAAu, 0xBBu), (s.Read32(Target), s.Read32(Other)));
        Assert.All(rig.Driver.Queues, q => Assert.False(q.IsBanned));
        long slice = timeslice * 1000L;
        if (priorityB > 1)
        {
            Assert.True(waited < slice, $"a HIGH queue preempts at once; waited {waited} ns");
        }
        else
        {
            Assert.InRange(waited, slice, slice + 100_000); // B ran once A's slice had passed, not before, not much later
        }
    }

    [Fact]
    public void S7_priority_needs_cap_sys_nice_and_the_timeslice_range_holds_for_everyone()
    {
        using var nice = new XeRig(sysAdmin: true);
        uint vm = nice.Vm();
        Assert.Equal(Errno.None, nice.CreateQueue(out _, vm, extensions: nice.PropertyChain((DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, 2))));
        Assert.Equal(2u, nice.Driver.Queues.Single().Priority);
        Assert.Equal(Errno.EINVAL, nice.CreateQueue(out _, vm, extensions: nice.PropertyChain((DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, 3))));
        // CONFIG_DRM_XE_ENABLE_SCHEDTIMEOUT_LIMIT=y: CAP_SYS_NICE widens the range to the driver's bounds, it does not lift it.
        Assert.Equal(Errno.EINVAL, nice.CreateQueue(out _, vm, extensions: nice.PropertyChain((DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, 0))));
        Assert.Equal(Errno.EINVAL, nice.CreateQueue(out _, vm, extensions: nice.PropertyChain(
            (DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, XeExecQueueLimits.MaxTimesliceMicroseconds + 1UL))));
        Assert.Equal(Errno.None, nice.CreateQueue(out _, vm, extensions: nice.PropertyChain(
            (DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, XeExecQueueLimits.MaxTimesliceMicroseconds))));

        using var plain = new XeRig();
        Assert.Equal(Errno.EPERM, plain.CreateQueue(out _, plain.Vm(), extensions: plain.PropertyChain((DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, 2))));
    }
}
