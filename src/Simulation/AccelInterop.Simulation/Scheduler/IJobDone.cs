namespace AccelInterop.Simulation.Scheduler;

/// <summary>How a job's hardware-fence callback reaches its (generic) scheduler.</summary>
internal interface IJobDone
{
    /// <summary>drm_sched_job_done: the credits go back and the finished fence signals with <paramref name="result"/>.</summary>
    void JobDone(SchedJob job, int result);
}
