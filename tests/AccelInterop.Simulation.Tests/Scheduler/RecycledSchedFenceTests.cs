using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Scheduler;

/// <summary>
/// An entity that recycles its fence pairs (issue 15, the Xe hot path): a pair is reused only once
/// nobody holds either fence, so a holder of a reference never sees its fence become a later job's.
/// </summary>
public sealed class RecycledSchedFenceTests
{
    private static readonly TimeSpan Never = Timeout.InfiniteTimeSpan;

    private static ScriptedBackend Backend() =>
        new(new SimulatedKernel(new SimulationOptions { Firmware = FirmwareExecution.Inline }), creditLimit: 4, Never, recycleFences: true);

    private static void RunToFree(ScriptedBackend backend)
    {
        backend.Scheduler.Step(0);
        backend.Complete();
        backend.Scheduler.Step(0);
    }

    [Fact]
    public void A_finished_fence_someone_holds_is_never_handed_to_a_later_job()
    {
        ScriptedBackend backend = Backend();
        TestJob first = backend.Submit("first");
        DmaFence held = first.Fence!.Finished.Get(); // as a syncobj holds an out-fence
        RunToFree(backend);
        Assert.Equal(1, backend.FreedJobs);

        for (int i = 0; i < 50; i++)
        {
            TestJob later = backend.Submit($"later{i}");
            Assert.NotSame(held, later.Fence!.Finished);
            RunToFree(backend);
        }

        Assert.Equal(1UL, held.Seqno);
        Assert.Equal(1, held.Status);
        Assert.Equal(1, held.ReferenceCount);
        held.Put();
        backend.Entity.Kill();
        backend.Scheduler.Fini();
        Assert.Equal(0, backend.Entity.FinishedFences.LiveFences);
        Assert.Equal(0, backend.Entity.ScheduledFences.LiveFences);
    }

    [Fact]
    public void A_released_pair_comes_back_as_a_fresh_unsignalled_point_with_the_next_seqno()
    {
        ScriptedBackend backend = Backend();
        TestJob first = backend.Submit("first");
        DmaFence finished = first.Fence!.Finished, scheduled = first.Fence.Scheduled;
        RunToFree(backend);
        Assert.False(finished.IsReleased); // the entity keeps its last scheduled job's fence
        backend.Submit("second");
        RunToFree(backend); // ... until the next job runs: then the first pair is released

        TestJob third = backend.Submit("third");

        Assert.Same(finished, third.Fence!.Finished);
        Assert.Same(scheduled, third.Fence.Scheduled);
        Assert.Equal(3UL, third.Fence.Finished.Seqno);
        Assert.False(third.Fence.Finished.IsSignaled);
        Assert.False(third.Fence.Scheduled.IsSignaled);
        Assert.Null(third.Fence.Parent);
        RunToFree(backend);
        backend.Entity.Kill();
        backend.Scheduler.Fini();
        Assert.Equal(0, backend.Entity.FinishedFences.LiveFences);
    }
}
