using AccelInterop.Simulation.Fences;

namespace AccelInterop.Simulation.Scheduler;

/// <summary>
/// A driver's side of a <see cref="GpuScheduler{TJob}"/> (<c>struct drm_sched_backend_ops</c>).
/// The scheduler owns queueing, credits, dependency waits, the scheduled/finished fences and the
/// timeout; the driver only hands jobs to its hardware and frees them.
/// </summary>
public interface ISchedBackend<TJob>
    where TJob : SchedJob
{
    /// <summary>
    /// run_job: hands <paramref name="job"/> to the hardware. Returns 0 with the hardware fence
    /// in <paramref name="hardwareFence"/> (one reference, which the scheduler takes over), or 0
    /// with null when there is nothing to run (the job finishes with whatever error its finished
    /// fence already carries), or a negative errno. An error must leave no fence reference
    /// behind: once the hardware fence exists, a later failure drops the fence and any extra
    /// reference the job keeps (<c>drivers/accel/rocket/rocket_job.c:rocket_job_run</c>).
    /// </summary>
    int RunJob(TJob job, out DmaFence? hardwareFence);

    /// <summary>timedout_job: the oldest running job passed the timeout; the driver decides what happened.</summary>
    SchedStat TimedOutJob(TJob job);

    /// <summary>free_job: the scheduler is done with the job (its finished fence is signalled); drop what it holds.</summary>
    void FreeJob(TJob job);

    /// <summary>
    /// After free_job and the cleanup: the scheduler is done with <paramref name="job"/> for good and
    /// holds nothing of it, so a driver that keeps a pool of jobs may take it back.
    /// </summary>
    void JobReleased(TJob job)
    {
    }

    /// <summary>
    /// cancel_job (<c>drm_sched_fini</c>): the scheduler is torn down with the job still running;
    /// the driver stops it and signals its hardware fence with an error.
    /// </summary>
    void CancelJob(TJob job);
}
