using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using AccelInterop.Simulation.Tests.Uapi.Xe;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;
using static AccelInterop.Simulation.Tests.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>
/// Several threads EXEC on their own queues while waiting on user fences and syncobjs, with the
/// engines on the firmware thread: every wait must end by its fence, none by its timeout (a lost
/// wake-up would show as -ETIME).
/// </summary>
public sealed class XeConcurrencyTests
{
    private const int Threads = 4;
    private const int Iterations = 10_000;

    [Fact]
    public void Concurrent_exec_on_several_queues_loses_no_wake_up_in_10000_iterations()
    {
        using var rig = new XeRig(options: new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        XeRig.Scratch s = rig.CreateScratch();
        ulong nop = s.Batch(0, XeMiCommand.BatchBufferEnd);
        var queues = new uint[Threads];
        var syncobjs = new uint[Threads];
        var syncs = new drm_xe_sync[Threads][];
        var handles = new uint[Threads][];
        var syncAddresses = new ulong[Threads];
        var handleAddresses = new ulong[Threads];
        for (int t = 0; t < Threads; t++)
        {
            queues[t] = rig.Queue(s.Vm, t % 2 == 0 ? XeEngineClass.Render : XeEngineClass.Copy);
            syncobjs[t] = rig.Syncobj();
            syncs[t] = [XeRig.SyncobjSignal(syncobjs[t]), XeRig.UserFence(s.Gpu(0x900 + (ulong)t * 8), 0)];
            syncAddresses[t] = rig.Pin(syncs[t]);
            handles[t] = [syncobjs[t]];
            handleAddresses[t] = rig.Pin(handles[t]);
        }

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (ulong i = 1; i <= Iterations / Threads; i++)
            {
                syncs[t][1].timeline_value = i;
                var exec = new drm_xe_exec { exec_queue_id = queues[t], address = nop, num_batch_buffer = 1, syncs = syncAddresses[t], num_syncs = 2 };
                Errno e = rig.Call(DRM_IOCTL_XE_EXEC, ref exec);
                if (e != Errno.None)
                {
                    failures.Enqueue($"thread {t} exec {i}: {e}");
                    return;
                }

                var wait = new drm_xe_wait_user_fence
                {
                    addr = s.CpuAddress(0x900 + (ulong)t * 8),
                    value = i,
                    op = DRM_XE_UFENCE_WAIT_OP_GTE,
                    mask = ulong.MaxValue,
                    timeout = 10_000_000_000,
                    exec_queue_id = queues[t],
                };
                e = rig.Call(DRM_IOCTL_XE_WAIT_USER_FENCE, ref wait);
                var syncWait = new drm_syncobj_wait
                {
                    handles = handleAddresses[t],
                    count_handles = 1,
                    timeout_nsec = rig.Kernel.MonotonicNanoseconds + 10_000_000_000,
                };
                Errno s2 = e == Errno.None ? rig.Call(DRM_IOCTL_SYNCOBJ_WAIT, ref syncWait) : e;
                if (e != Errno.None || s2 != Errno.None)
                {
                    failures.Enqueue($"thread {t} wait {i}: user fence {e}, syncobj {s2}");
                    return;
                }
            }
        });

        Assert.Empty(failures);
        for (int t = 0; t < Threads; t++)
        {
            Assert.Equal((ulong)(Iterations / Threads), s.Read64(0x900 + (ulong)t * 8));
        }
    }
}
