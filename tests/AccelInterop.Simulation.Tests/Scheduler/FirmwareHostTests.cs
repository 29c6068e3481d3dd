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
}
