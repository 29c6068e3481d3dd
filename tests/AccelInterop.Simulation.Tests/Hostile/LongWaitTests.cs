using AccelInterop.Runtime.Devices;
using AccelInterop.Runtime.Errors;
using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Tests.Amdxdna;
using AccelInterop.Simulation.Tests.Uapi.Drm;
using static AccelInterop.Simulation.Tests.Uapi.Drm.Drm;

namespace AccelInterop.Simulation.Tests.Hostile;

/// <summary>
/// Issue 12 items 2 and 5: waits take any 64-bit deadline (schedule_timeout semantics), honour it
/// whatever inline firmware does, and a forever-wait the seeded kernel interrupts is not repeated
/// by the libdrm retry loop.
/// </summary>
public sealed class LongWaitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const long ThirtyDays = 30L * 24 * 3600 * 1_000_000_000;

    [Fact]
    public async Task Syncobj_wait_with_a_30_day_deadline_sleeps_until_the_signal()
    {
        using var rig = new NpuRig(options: new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        var create = new drm_syncobj_create();
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_CREATE, ref create);
        ulong handles = rig.Pin(BitConverter.GetBytes(create.handle));

        Task<Errno> waiter = Task.Run(() =>
        {
            var wait = new drm_syncobj_wait
            {
                handles = handles,
                count_handles = 1,
                flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT,
                timeout_nsec = rig.Kernel.MonotonicNanoseconds + ThirtyDays,
            };
            return rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_WAIT, ref wait).Error;
        });
        await Task.Delay(50); // let the waiter go to sleep on the 30-day slice
        var signal = new drm_syncobj_array { handles = handles, count_handles = 1 };
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_SIGNAL, ref signal);

        Assert.Equal(Errno.None, await waiter.WaitAsync(Patience));
    }

    [Fact]
    public async Task Dma_fence_wait_timeout_of_30_days_returns_when_signalled()
    {
        var fence = new DmaFence(new DmaFenceContext("test", "long wait"), 1);
        Task<long> waiter = Task.Run(() => fence.WaitTimeout(ThirtyDays));
        await Task.Delay(50);
        fence.Signal();

        Assert.InRange(await waiter.WaitAsync(Patience), 1, ThirtyDays);
        fence.Put();
    }

    [Fact]
    public void Schedule_timeout_slices_are_what_a_host_sleep_takes()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, ScheduleTimeout.Slice(long.MaxValue));
        Assert.Equal(ScheduleTimeout.LongestSlice, ScheduleTimeout.Slice(long.MaxValue - 1));
        Assert.True(ScheduleTimeout.LongestSlice.TotalMilliseconds <= int.MaxValue);
        Assert.Equal(TimeSpan.FromTicks(1), ScheduleTimeout.Slice(1));
        Assert.Equal(long.MaxValue, ScheduleTimeout.DeadlineAfter(long.MaxValue - 5, 10));
        Assert.Equal(15, ScheduleTimeout.DeadlineAfter(5, 10));
        Assert.Equal(5, ScheduleTimeout.DeadlineAfter(5, -10));
    }

    [Fact]
    public void A_finite_wait_honours_its_deadline_while_inline_firmware_keeps_progressing_seeded()
    {
        var kernel = new SimulatedKernel(new SimulationOptions { Seed = 12 });
        var firmware = new BusyFirmware();
        kernel.AddFirmware(firmware);
        long start = kernel.MonotonicNanoseconds;
        var never = new Never();

        Assert.Equal(Errno.ETIME, Errno.FromKernelReturn(kernel.WaitUntil(ref never, start + 10_000_000)));

        Assert.Equal(10_000_000, kernel.MonotonicNanoseconds - start); // 1 µs of virtual time per busy step
        Assert.Equal(10_000_000 / SimulatedKernel.InlineFirmwareStepNanoseconds, firmware.Steps);
    }

    [Fact]
    public async Task A_finite_wait_honours_its_deadline_while_inline_firmware_keeps_progressing_in_real_time()
    {
        var kernel = new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Inline });
        kernel.AddFirmware(new BusyFirmware());
        var never = new Never();

        Task<int> waiter = Task.Run(() => kernel.WaitUntil(ref never, kernel.MonotonicNanoseconds + 10_000_000));

        Assert.Equal(Errno.ETIME, Errno.FromKernelReturn(await waiter.WaitAsync(Patience))); // a TimeoutException if it ignored its deadline
    }

    [Fact]
    public async Task A_forever_wait_that_firmware_keeps_busy_is_interrupted_seeded()
    {
        var kernel = new SimulatedKernel(new SimulationOptions { Seed = 12 });
        kernel.AddFirmware(new BusyFirmware());
        var never = new Never();

        Task<int> waiter = Task.Run(() => kernel.WaitUntil(ref never, long.MaxValue));

        Assert.Equal(Errno.EINTR, Errno.FromKernelReturn(await waiter.WaitAsync(Patience)));
        Assert.Contains(kernel.TraceLog, entry => entry.EndsWith("firmware busy without end, interrupted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_forever_wait_interrupted_in_seeded_mode_surfaces_EINTR_through_the_libdrm_retry()
    {
        using var rig = new NpuRig(options: new SimulationOptions { Seed = 5 });
        Assert.Same(IoctlRetryPolicy.Libdrm, rig.File.RetryPolicy);
        var create = new drm_syncobj_create();
        rig.File.IoctlOrThrow(DRM_IOCTL_SYNCOBJ_CREATE, ref create);
        ulong handles = rig.Pin(BitConverter.GetBytes(create.handle));

        Task<Errno> waiter = Task.Run(() =>
        {
            var wait = new drm_syncobj_wait { handles = handles, count_handles = 1, flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, timeout_nsec = long.MaxValue };
            return rig.File.Ioctl(DRM_IOCTL_SYNCOBJ_WAIT, ref wait).Error;
        });

        Assert.Equal(Errno.EINTR, await waiter.WaitAsync(Patience)); // a TimeoutException if the retry loop repeated it forever
        Assert.Single(rig.Kernel.TraceLog, entry => entry.EndsWith("nothing can progress, interrupted", StringComparison.Ordinal));
    }

    // Firmware that always has something to do, like an AIE4 queue whose write index is 2^62.
    private sealed class BusyFirmware : ISimulatedFirmware
    {
        public long Steps;

        public bool Step()
        {
            Steps++;
            return true;
        }

        public long NextTimerNanoseconds => long.MaxValue;
    }

    private struct Never : IWaitCondition
    {
        public readonly bool IsSatisfied() => false;
    }
}
