using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Amdxdna;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Uapi.Amdxdna;

namespace AccelInterop.Simulation.Tests.Amdxdna;

/// <summary>Holding the firmware keeps submitted work in flight, with public calls only, until the hold ends.</summary>
public sealed class FirmwareHoldTests
{
    [Theory]
    [InlineData(FirmwareExecution.Inline)]
    [InlineData(FirmwareExecution.Threaded)]
    public void Four_aie2_jobs_stay_in_flight_while_the_firmware_is_held(FirmwareExecution firmware)
    {
        using var rig = new NpuRig(options: new SimulationOptions { Firmware = firmware });
        rig.Heap();
        amdxdna_drm_create_hwctx ctx = rig.Context();
        uint cmd = rig.Bo(amdxdna_bo_type.AMDXDNA_BO_CMD, 4096);
        ulong last = 0;
        using (rig.Kernel.HoldFirmware())
        {
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(Errno.None, rig.Exec(ctx.handle, cmd, out last));
            }

            Assert.True(rig.Kernel.IsFirmwareHeld);
            Assert.Equal(4, rig.Kernel.Counts[AmdxdnaDriver.Jobs]);
            Assert.Equal(Errno.ETIME, rig.TimelineWait(ctx.syncobj_handle, 0, rig.InSeconds(0.02))); // not even the first
        }

        Assert.Equal(Errno.None, rig.TimelineWait(ctx.syncobj_handle, last, rig.InSeconds(5)));
        Assert.Equal(0, rig.Kernel.Counts[AmdxdnaDriver.Jobs]);
        rig.Exit();
        Assert.True(rig.Kernel.Counts.AllZero, rig.Kernel.Counts.ToString());
    }

    [Fact]
    public void A_held_user_mode_queue_does_not_advance_and_a_seeded_forever_wait_is_interrupted()
    {
        using var rig = new NpuRig(AmdxdnaGeneration.Aie4Vf, new SimulationOptions { Seed = 5 });
        using var umq = new UserModeQueue(rig);
        FirmwareHold hold = rig.Kernel.HoldFirmware();
        ulong seq = umq.Push();
        umq.Ring();

        Assert.Equal(Errno.ETIME, umq.Wait(rig, seq, 10));
        var forever = new amdxdna_drm_wait_cmd { hwctx = umq.Context, seq = seq, timeout = 0 };
        Assert.Equal(Errno.EINTR, rig.File.IoctlOnce(Uapi.Amdxdna.Amdxdna.DRM_IOCTL_AMDXDNA_WAIT_CMD, ref forever).Error); // nothing can end it while held
        Assert.Equal(0UL, umq.ReadIndex);

        hold.Dispose();
        hold.Dispose(); // once
        Assert.False(rig.Kernel.IsFirmwareHeld);
        Assert.Equal(Errno.None, umq.Wait(rig, seq, 0));
        Assert.Equal(1UL, umq.ReadIndex);
    }
}
