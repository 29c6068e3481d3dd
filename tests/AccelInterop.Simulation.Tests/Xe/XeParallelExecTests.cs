using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Xe;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Simulation.Tests.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>
/// xe.md §8 item 8, parallel queues: a width-2 queue's EXEC is one job whose batches run side by
/// side on the queue's two LRCs (xe_sched_job_arm, emit_job_gen12_video per LRC), not one after
/// the other on one ring.
/// </summary>
public sealed class XeParallelExecTests
{
    [Fact]
    public void S8_a_parallel_exec_runs_its_batches_side_by_side_on_every_lrc()
    {
        using var rig = new XeRig(options: new SimulationOptions { Firmware = FirmwareExecution.Inline, JobTimeout = TimeSpan.FromSeconds(2) });
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm, XeEngineClass.VideoDecode, gt: 1, width: 2);
        XeExecQueue queue = rig.Driver.Queues[0];
        // Batch 0 waits for a flag that only batch 1 sets: run one after the other, batch 0 never ends.
        ulong first = s.Batch(0, XeMiCommand.SemaphoreWait(XeMiCommand.SemaphoreCompare.Equal), 1, (uint)s.Gpu(0x1000), (uint)(s.Gpu(0x1000) >> 32), 0,
            XeMiCommand.StoreDword, (uint)s.Gpu(0x1100), (uint)(s.Gpu(0x1100) >> 32), 0x2222, XeMiCommand.BatchBufferEnd);
        ulong second = s.Batch(0x200, XeMiCommand.StoreDword, (uint)s.Gpu(0x1000), (uint)(s.Gpu(0x1000) >> 32), 1, XeMiCommand.BatchBufferEnd);
        uint done = rig.Syncobj();
        ulong syncs = rig.Syncs(XeRig.SyncobjSignal(done), XeRig.UserFence(s.Gpu(0x900), 5));

        Assert.Equal(Errno.None, rig.Exec(q, rig.Pin(new[] { first, second }), syncs, 2, batches: 2));

        Assert.Equal(Errno.None, rig.WaitSyncobj(done)); // the job's fence: every LRC's seqno fence signalled
        Assert.Equal(5UL, s.Read64(0x900)); // each LRC's ring stores the user fence after its own batch
        Assert.Equal(0x2222u, s.Read32(0x1100));
        Assert.False(queue.IsBanned);
        Assert.Equal(2, queue.Rings.Count());
        Assert.All(queue.Rings, ring => Assert.True(ring.Tail > 0)); // each LRC's ring got the job
        Assert.Equal(XeExecQueue.InitialSeqno, queue.HardwareSeqno); // one job: one seqno, on every LRC
        rig.Kernel.RunFirmware();
        Assert.Equal(0, queue.JobCount);
    }

    [Fact]
    public void S8_a_parallel_exec_with_one_batch_address_unreadable_is_EFAULT()
    {
        using var rig = new XeRig();
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm, XeEngineClass.VideoDecode, gt: 1, width: 2);
        Assert.Equal(Errno.EFAULT, rig.Exec(q, 0x9000, batches: 2)); // the address array is read from user memory
        Assert.Equal(Errno.EINVAL, rig.Exec(q, s.Gpu(0), batches: 1)); // one batch for a width-2 queue
    }
}
