using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Scheduler;

/// <summary>The firmware host runs the same scheduler work on its own thread as inline: same transcript.</summary>
public sealed class FirmwareHostTests
{
    private readonly struct AllFreed(ScriptedBackend backend, int count) : IWaitCondition
    {
        public bool IsSatisfied() => backend.FreedJobs == count;
    }

    private static IReadOnlyList<string> Run(FirmwareExecution firmware)
    {
        var kernel = new SimulatedKernel(new SimulationOptions { Firmware = firmware });
        FirmwareHost? host = null;
        var backend = new ScriptedBackend(kernel, creditLimit: 2, TimeSpan.FromMilliseconds(50), () => host?.Ring());
        host = new FirmwareHost(kernel, "test firmware", backend, () => false);
        Assert.Equal(firmware == FirmwareExecution.Threaded, host.IsThreaded);
        using (kernel.HoldFirmware())
        {
            backend.Submit("a");
            backend.Submit("b", JobScript.FailAfterFence);
            backend.Submit("c", JobScript.Hang);
            backend.Submit("d");
            backend.Submit("e", credits: 2);
        }

        host.Ring();
        var freed = new AllFreed(backend, 5);
        Assert.Equal(0, kernel.WaitUntil(ref freed, kernel.MonotonicNanoseconds + 10_000_000_000));
        host.Dispose();
        backend.Entity.Kill();
        backend.Scheduler.Fini();
        Assert.True(kernel.Counts.AllZero, kernel.Counts.ToString());
        return backend.Transcript;
    }

    [Fact]
    public void Threaded_and_inline_firmware_give_the_same_transcript()
    {
        IReadOnlyList<string> inline = Run(FirmwareExecution.Inline);
        Assert.Contains("timeout c", inline);
        Assert.Equal(inline, Run(FirmwareExecution.Threaded));
    }

    private sealed class CountingFirmware : ISimulatedFirmware
    {
        public int Steps;

        public bool Step()
        {
            Interlocked.Increment(ref Steps);
            return false;
        }

        public long NextTimerNanoseconds => long.MaxValue;
    }

    [Fact]
    public void Shutdown_ends_every_firmware_thread_and_a_host_made_after_it_starts_none()
    {
        // Found by the storm: each program's devices kept a firmware thread for the life of the test host.
        var kernel = new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Threaded });
        var firmware = new CountingFirmware();
        var host = new FirmwareHost(kernel, "counting firmware", firmware, () => false);
        Assert.True(host.IsThreaded);
        SpinWait.SpinUntil(() => Volatile.Read(ref firmware.Steps) > 0, TimeSpan.FromSeconds(10));

        // A live idle host still looks at its device at least every 50 ms (memory doorbells); after the
        // shutdown the thread ends within one park and looks no more.
        kernel.Shutdown();
        Thread.Sleep(200);
        int steps = Volatile.Read(ref firmware.Steps);
        Thread.Sleep(300);
        Assert.Equal(steps, Volatile.Read(ref firmware.Steps));
        host.Dispose();
        Assert.False(new FirmwareHost(kernel, "late firmware", new CountingFirmware(), () => false).IsThreaded);
    }
}
