using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Amdxdna;
using static AccelInterop.Simulation.Tests.Uapi.Amdxdna.Amdxdna;

namespace AccelInterop.Simulation.Tests.Amdxdna;

/// <summary>
/// The user-mode-queue handoff to firmware on its own thread (ring-fence.md §1, amdxdna.md §6):
/// WAIT_CMD takes its queue reference without the context's lock, which the firmware holds while
/// it drains a batch; while its thread polls, the firmware watches a queue it serves through
/// write_index and leaves the doorbell alone until it is about to park. A lost wake-up or a lost
/// doorbell shows as -ETIME (the work was queued and rung, the waiter never saw it done); a
/// reference taken on a freed queue shows as an exception or a count left at the end.
/// </summary>
public sealed class UserModeQueueHandoffTests
{
    private const int Commands = 10_000;

    [Fact]
    public void Ten_thousand_commands_in_batches_of_1_to_32_each_wait_ends_by_completion()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf, new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        using var umq = new UserModeQueue(rig);
        var random = new Random(11);
        int sent = 0;
        while (sent < Commands)
        {
            int batch = Math.Min(1 + random.Next(UserModeQueue.Capacity), Commands - sent);
            ulong last = 0;
            for (int i = 0; i < batch; i++)
            {
                last = umq.Push();
            }

            umq.Ring();
            Assert.Equal(Errno.None, umq.Wait(rig, last, 10_000));
            Assert.True(umq.ReadIndex > last);
            sent += batch;
        }

        Assert.Equal((ulong)Commands, umq.ReadIndex);
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Ten_thousand_commands_two_batches_in_flight_with_pauses_each_wait_ends_by_completion()
    {
        // The producer writes batch n while the firmware drains batch n-1 (the firmware finds the new work
        // through write_index while it polls); now and then it pauses long enough for the firmware thread
        // to stop watching and park, so the next batch crosses the park: found by its doorbell.
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf, new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        using var umq = new UserModeQueue(rig);
        var random = new Random(23);
        int sent = 0;
        ulong? previous = null;
        while (sent < Commands)
        {
            int batch = Math.Min(1 + random.Next(UserModeQueue.Capacity / 2), Commands - sent);
            ulong last = 0;
            for (int i = 0; i < batch; i++)
            {
                last = umq.Push();
            }

            Assert.InRange(umq.WriteIndex - umq.ReadIndex, 0UL, (ulong)UserModeQueue.Capacity); // a watching firmware may have it all already
            umq.Ring();
            if (previous is ulong before)
            {
                Assert.Equal(Errno.None, umq.Wait(rig, before, 10_000));
            }

            previous = last;
            sent += batch;
            if (random.Next(64) == 0)
            {
                Thread.Sleep(random.Next(1, 5));
            }
        }

        Assert.Equal(Errno.None, umq.Wait(rig, previous!.Value, 10_000));
        Assert.Equal((ulong)Commands, umq.ReadIndex);
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Once_the_firmware_thread_went_idle_a_queue_it_served_needs_a_doorbell_again()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf, new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        using var umq = new UserModeQueue(rig);
        ulong first = umq.Push();
        umq.Ring();
        Assert.Equal(Errno.None, umq.Wait(rig, first, 10_000));

        // Idle polls take well under a millisecond of the firmware thread's time; then it parks and watches
        // doorbells only. Half a second leaves room for a thread descheduled by a loaded machine.
        Thread.Sleep(500);
        ulong seq = umq.Push();
        Assert.Equal(Errno.ETIME, umq.Wait(rig, seq, 50));
        Assert.Equal(seq, umq.ReadIndex);
        umq.Ring();
        Assert.Equal(Errno.None, umq.Wait(rig, seq, 10_000));
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void Wait_cmd_racing_destroy_hwctx_never_holds_a_freed_queue()
    {
        const int Rounds = 500;
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf, new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        var outcomes = new Dictionary<Errno, int>();
        for (int round = 0; round < Rounds; round++)
        {
            var umq = new UserModeQueue(rig);
            ulong seq = umq.Push();
            umq.Ring();

            // The context's reference is the queue BO's last: DESTROY_HWCTX frees it, so a wait that took its
            // reference after that would throw (kref on a released object) or read freed pages.
            umq.Queue.Dispose();
            var close = new Uapi.Drm.drm_gem_close { handle = umq.Bo };
            rig.File.IoctlOrThrow(Uapi.Drm.Drm.DRM_IOCTL_GEM_CLOSE, ref close);

            Errno waited = Errno.None;
            Exception? thrown = null;
            var waiter = new Thread(() =>
            {
                try
                {
                    waited = umq.Wait(rig, seq, 50);
                }
                catch (Exception e)
                {
                    thrown = e;
                }
            });
            waiter.Start();
            Thread.SpinWait(round % 64); // spreads the destroy over the waiter's lookup, reference and spin
            var destroy = new amdxdna_drm_destroy_hwctx { handle = umq.Context };
            Assert.Equal(Errno.None, rig.File.Ioctl(DRM_IOCTL_AMDXDNA_DESTROY_HWCTX, ref destroy).Error);
            waiter.Join();
            umq.Doorbell.Dispose();
            Assert.Null(thrown);

            // Completed or destroyed while waiting (0), gone before the lookup (-EINVAL); -ETIME only if the
            // firmware never got to the command before the destroy and the waiter had already gone to sleep.
            Assert.Contains(waited, new[] { Errno.None, Errno.EINVAL, Errno.ETIME });
            outcomes[waited] = outcomes.GetValueOrDefault(waited) + 1;
        }

        Assert.True(outcomes.GetValueOrDefault(Errno.None) + outcomes.GetValueOrDefault(Errno.EINVAL) > 0);
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }
}
