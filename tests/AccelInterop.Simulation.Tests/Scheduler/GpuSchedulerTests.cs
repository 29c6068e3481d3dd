using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Scheduler;
using AccelInterop.Simulation.Tests.Fences;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Tests.Scheduler;

/// <summary>
/// The drm_sched model against the rules of <c>drivers/gpu/drm/scheduler/sched_main.c</c> and
/// <c>sched_entity.c</c> (Linux 7.2.13), driven step by step through a scripted backend.
/// </summary>
public sealed class GpuSchedulerTests
{
    private static readonly TimeSpan Never = Timeout.InfiniteTimeSpan;

    private static SimulatedKernel Kernel() => new(new SimulationOptions { Firmware = FirmwareExecution.Inline });

    // drm_sched_entity_kill + drm_sched_fini: afterwards nothing of the scheduler is left.
    private static void TearDown(ScriptedBackend backend)
    {
        backend.Entity.Kill();
        backend.Scheduler.Fini();
    }

    [Fact]
    public void Credits_block_a_job_until_running_jobs_give_theirs_back()
    {
        var backend = new ScriptedBackend(Kernel(), creditLimit: 2, Never);
        backend.Submit("a");
        backend.Submit("b");
        TestJob big = backend.Submit("big", credits: 2);

        backend.Scheduler.Step(0);
        // drm_sched_can_queue: 2 of 2 credits taken, "big" waits in the entity.
        Assert.Equal(["run a", "run b"], backend.Transcript);
        Assert.Equal(2, backend.Scheduler.CreditCount);
        Assert.Equal(1, backend.Entity.QueuedJobs);
        Assert.False(big.Fence!.Scheduled.IsSignaled);

        backend.Complete(1); // drm_sched_job_done: a's credit back at once, but one is not enough for "big"
        Assert.Equal(1, backend.Scheduler.CreditCount);
        backend.Scheduler.Step(0);
        Assert.Equal(["run a", "run b", "free a 0"], backend.Transcript);
        Assert.Equal(1, backend.Entity.QueuedJobs);

        backend.Complete(1);
        backend.Scheduler.Step(0);
        Assert.Equal(["run a", "run b", "free a 0", "free b 0", "run big"], backend.Transcript);
        Assert.Equal(2, backend.Scheduler.CreditCount);

        backend.Complete();
        backend.Scheduler.Step(0);
        Assert.Equal(0, backend.Scheduler.CreditCount);
        TearDown(backend);
    }

    [Fact]
    public void A_job_asking_for_more_than_the_limit_is_clamped_and_zero_credits_is_EINVAL()
    {
        SimulatedKernel kernel = Kernel();
        var backend = new ScriptedBackend(kernel, creditLimit: 2, Never);
        Assert.Equal(-EINVAL, backend.Entity.InitJob(new TestJob("none"), 0)); // drm_sched_job_init
        Assert.Equal(0, kernel.Counts[SchedJob.Jobs]);

        TestJob huge = backend.Submit("huge", credits: 5);
        backend.Scheduler.Step(0);
        Assert.Equal(2u, huge.Credits); // drm_sched_can_queue clamps to credit_limit
        Assert.Equal(2, backend.Scheduler.CreditCount);
        backend.Complete();
        backend.Scheduler.Step(0);
        TearDown(backend);
        Assert.True(kernel.Counts.AllZero, kernel.Counts.ToString());
    }

    [Fact]
    public void The_finished_fence_signals_after_the_hardware_fence_and_carries_its_error()
    {
        SimulatedKernel kernel = Kernel();
        var backend = new ScriptedBackend(kernel, creditLimit: 1, Never);
        TestJob job = backend.Submit("a");
        DmaFence scheduled = job.Fence!.Scheduled.Get();
        DmaFence finished = job.Fence.Finished.Get();

        backend.Scheduler.Step(0);
        // drm_sched_fence_scheduled: the parent is set, then the scheduled fence signals.
        Assert.True(scheduled.IsSignaled);
        DmaFence parent = Assert.IsType<DmaFence>(job.Fence.Parent, exactMatch: false);
        Assert.Same(backend.HardwareFences, parent.Context);
        Assert.False(finished.IsSignaled);

        job.DoneFence!.SetError(-EIO);
        backend.Complete();
        // drm_sched_job_done_cb -> drm_sched_job_done(s_job, f->error) -> drm_sched_fence_finished.
        Assert.True(finished.IsSignaled);
        Assert.Equal(-EIO, finished.Error);
        Assert.Equal(0, backend.FreedJobs); // the free work comes after (drm_sched_free_job_work)
        backend.Scheduler.Step(0);
        Assert.Equal(1, backend.FreedJobs);

        scheduled.Put();
        finished.Put();
        TearDown(backend);
        Assert.True(kernel.Counts.AllZero, kernel.Counts.ToString());
    }

    [Fact]
    public void A_job_waits_for_its_dependency_and_the_dependency_wakes_the_scheduler()
    {
        SimulatedKernel kernel = Kernel();
        int wakeups = 0;
        var backend = new ScriptedBackend(kernel, creditLimit: 4, Never, () => wakeups++);
        var other = new DmaFenceContext("test", "other", counts: kernel.Counts);
        var dependency = new DmaFence(other, 1);
        backend.Submit("a", dependency: dependency);
        int pushed = wakeups; // drm_sched_entity_push_job woke it

        backend.Scheduler.Step(0);
        Assert.Empty(backend.Transcript); // drm_sched_job_dependency: not before the fence signals
        dependency.Signal(); // drm_sched_entity_wakeup
        Assert.Equal(pushed + 1, wakeups);
        backend.Scheduler.Step(0);
        Assert.Equal(["run a"], backend.Transcript);

        dependency.Put();
        backend.Complete();
        backend.Scheduler.Step(0);
        TearDown(backend);
        Assert.True(kernel.Counts.AllZero, kernel.Counts.ToString());
    }

    [Fact]
    public void Timeout_goes_to_the_driver_for_the_oldest_running_job_and_restarts_for_the_next()
    {
        SimulatedKernel kernel = Kernel();
        const long Timeout = 10_000_000;
        var backend = new ScriptedBackend(kernel, creditLimit: 2, TimeSpan.FromTicks(Timeout / 100));
        TestJob hung = backend.Submit("hung", JobScript.Hang);
        backend.Submit("next");
        DmaFence finished = hung.Fence!.Finished.Get();

        backend.Scheduler.Step(1000);
        Assert.Equal(1000 + Timeout, backend.Scheduler.NextTimer); // drm_sched_job_begin arms work_tdr
        backend.Complete(); // the hardware is stuck on "hung"; "next" is behind it
        backend.Scheduler.Step(1000 + Timeout - 1);
        Assert.Equal(["run hung", "run next"], backend.Transcript);

        // drm_sched_job_timedout: the head of the pending list goes to timedout_job; the driver
        // resets and fails its hardware fence, so the job finishes with that error and is freed.
        backend.Scheduler.Step(1000 + Timeout);
        Assert.Equal(["run hung", "run next", "timeout hung", $"free hung {-ETIME}"], backend.Transcript);
        Assert.Equal(-ETIME, finished.Error);
        Assert.Equal(1000 + 2 * Timeout, backend.Scheduler.NextTimer); // drm_sched_get_finished_job restarts it for "next"

        backend.Complete();
        backend.Scheduler.Step(1000 + Timeout + 1);
        Assert.Equal(long.MaxValue, backend.Scheduler.NextTimer); // nothing pending: not armed
        finished.Put();
        TearDown(backend);
        Assert.True(kernel.Counts.AllZero, kernel.Counts.ToString());
    }

    [Fact]
    public void A_no_hang_answer_keeps_the_job_running_and_arms_the_timer_again()
    {
        SimulatedKernel kernel = Kernel();
        var backend = new ScriptedBackend(kernel, creditLimit: 1, TimeSpan.FromTicks(100)) { TimeoutAnswer = SchedStat.NoHang };
        backend.Submit("slow");
        backend.Scheduler.Step(0);
        backend.Scheduler.Step(10_000);
        Assert.Equal(["run slow", "timeout slow"], backend.Transcript);
        Assert.Equal(1, backend.Scheduler.PendingJobs); // drm_sched_job_reinsert_on_false_timeout
        Assert.Equal(20_000, backend.Scheduler.NextTimer);

        backend.Complete();
        backend.Scheduler.Step(10_001);
        Assert.Equal(["run slow", "timeout slow", "free slow 0"], backend.Transcript);
        TearDown(backend);
        Assert.True(kernel.Counts.AllZero, kernel.Counts.ToString());
    }

    [Fact]
    public void Teardown_with_pending_jobs_cancels_the_running_one_and_kills_the_queued_ones_in_order()
    {
        SimulatedKernel kernel = Kernel();
        var backend = new ScriptedBackend(kernel, creditLimit: 1, Never);
        TestJob[] jobs = [backend.Submit("a", JobScript.Hang), backend.Submit("b"), backend.Submit("c")];
        var order = new List<(int Id, int Status)>();
        DmaFence[] finished = [.. jobs.Select(job => job.Fence!.Finished.Get())];
        for (int i = 0; i < jobs.Length; i++)
        {
            Assert.Equal(0, finished[i].AddCallback(new RecordingCallback(i, order)));
        }

        backend.Scheduler.Step(0);
        Assert.Equal(["run a"], backend.Transcript);

        // drm_sched_entity_kill: the queued jobs finish with -ESRCH, but each only after the job
        // before it (the first after the entity's last scheduled job, "a", still running).
        backend.Entity.Kill();
        Assert.Empty(order);
        Assert.True(jobs[1].Fence!.Scheduled.IsSignaled is false);

        // drm_sched_fini -> drm_sched_cancel_remaining_jobs: cancel_job, then free_job.
        backend.Scheduler.Fini();
        Assert.Equal([(0, -ECANCELED), (1, -ESRCH), (2, -ESRCH)], order);
        Assert.Equal(["run a", "cancel a", $"free a {-ECANCELED}", $"free b {-ESRCH}", $"free c {-ESRCH}"], backend.Transcript);

        foreach (DmaFence fence in finished)
        {
            fence.Put();
        }

        Assert.True(kernel.Counts.AllZero, kernel.Counts.ToString());
    }

    [Fact]
    public void Stop_and_start_fail_running_jobs_whose_hardware_fence_was_dropped_with_ECANCELED()
    {
        SimulatedKernel kernel = Kernel();
        var backend = new ScriptedBackend(kernel, creditLimit: 2, Never);
        DmaFence[] finished = [.. new[] { backend.Submit("a"), backend.Submit("b") }.Select(job => job.Fence!.Finished.Get())];
        backend.Scheduler.Step(0);

        // drm_sched_stop: callbacks off the hardware fences, parents dropped, credits back.
        backend.Scheduler.Stop();
        Assert.Equal(0, backend.Scheduler.CreditCount);
        Assert.Equal(0, backend.Scheduler.Step(0) ? 1 : 0); // stopped: no work runs
        backend.Complete(); // the hardware finishes anyway; nobody listens

        // drm_sched_start(sched, 0): a pending job without a parent is done with -ECANCELED.
        backend.Scheduler.Start();
        Assert.Equal([-ECANCELED, -ECANCELED], finished.Select(fence => fence.Error));
        Assert.Equal(0, backend.Scheduler.CreditCount);
        Assert.Equal(2, backend.FreedJobs);

        foreach (DmaFence fence in finished)
        {
            fence.Put();
        }

        TearDown(backend);
        Assert.True(kernel.Counts.AllZero, kernel.Counts.ToString());
    }

    /// <summary>
    /// rocket_job_run's error path (ring-fence.md §4): once the hardware fence exists, a failure drops
    /// the fence and the job's extra reference and returns the error; the scheduler finishes the job
    /// with it. The leaking variant shows the counters catch the bug the fix removed.
    /// </summary>
    [Theory]
    [InlineData(JobScript.FailAfterFence, true)]
    [InlineData(JobScript.FailAndLeak, false)]
    public void Run_job_failure_after_the_hardware_fence_fails_the_job_and_drops_both_references(JobScript script, bool allZero)
    {
        SimulatedKernel kernel = Kernel();
        var backend = new ScriptedBackend(kernel, creditLimit: 1, Never);
        TestJob job = backend.Submit("a", script);
        DmaFence finished = job.Fence!.Finished.Get();
        backend.Submit("b");

        backend.Scheduler.Step(0);
        Assert.Equal(-ENODEV, finished.Error); // drm_sched_job_done(sched_job, PTR_ERR(fence))
        Assert.Equal(0, backend.HardwareFences.ReleasedWithPendingSignals);
        Assert.Equal(["run a", "run b", $"free a {-ENODEV}"], backend.Transcript); // the credit came back at once
        backend.Complete();
        backend.Scheduler.Step(0);

        finished.Put();
        TearDown(backend);
        Assert.Equal(allZero ? 0 : 1, backend.HardwareFences.LiveFences);
        Assert.Equal(allZero, kernel.Counts.AllZero);
        Assert.Equal(0, kernel.Counts[SchedJob.Jobs]);
    }
}
