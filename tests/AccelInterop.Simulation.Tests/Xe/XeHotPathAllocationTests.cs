using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Tests.Uapi.Xe;
using AccelInterop.Simulation.Xe;
using static AccelInterop.Simulation.Tests.Uapi.Xe.Xe;

namespace AccelInterop.Simulation.Tests.Xe;

/// <summary>
/// Issue 15: the Xe per-command path — EXEC of a batch with a user fence, the engine running the
/// ring and writing the fence, WAIT_USER_FENCE satisfied — allocates nothing per command on the
/// managed heap once warm (inline firmware, so the whole round trip runs on this thread).
/// </summary>
public sealed unsafe class XeHotPathAllocationTests
{
    private const int Commands = 10_000;

    [Fact]
    public void S8_exec_engine_user_fence_wait_round_trip_allocates_nothing_per_command()
    {
        using var rig = new XeRig();
        XeRig.Scratch s = rig.CreateScratch();
        uint q = rig.Queue(s.Vm);
        ulong batch = s.Batch(0, XeMiCommand.BatchBufferEnd);
        var sync = new drm_xe_sync[] { XeRig.UserFence(s.Gpu(0x900), 0) };
        ulong syncs = rig.Pin(sync);
        ulong value = 0;

        void RoundTrip()
        {
            sync[0].timeline_value = ++value;
            var exec = new drm_xe_exec { exec_queue_id = q, address = batch, num_batch_buffer = 1, syncs = syncs, num_syncs = 1 };
            if (rig.Call(DRM_IOCTL_XE_EXEC, ref exec) != Errno.None)
            {
                throw new InvalidOperationException("EXEC failed");
            }

            var wait = new drm_xe_wait_user_fence
            {
                addr = s.CpuAddress(0x900),
                op = DRM_XE_UFENCE_WAIT_OP_GTE,
                value = value,
                mask = ulong.MaxValue,
                timeout = 1_000_000_000,
                exec_queue_id = q,
            };
            if (rig.Call(DRM_IOCTL_XE_WAIT_USER_FENCE, ref wait) != Errno.None)
            {
                throw new InvalidOperationException("WAIT_USER_FENCE failed");
            }
        }

        for (int i = 0; i < 200; i++)
        {
            RoundTrip(); // warm: JIT, pools, the ring wrapping once
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Commands; i++)
        {
            RoundTrip();
        }

        long perCommand = (GC.GetAllocatedBytesForCurrentThread() - before) / Commands;

        Assert.Equal(value, s.Read64(0x900));
        Assert.Equal(0, perCommand);
    }
}
