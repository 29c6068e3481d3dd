namespace AccelInterop.Simulation.Scheduler;

/// <summary>What a driver's timeout handler reports (<c>enum drm_gpu_sched_stat</c>).</summary>
public enum SchedStat
{
    /// <summary>The hardware hung and was reset; the driver has resolved the job's hardware fence.</summary>
    Reset = 1,

    /// <summary>The device is gone: the timeout is not armed again.</summary>
    NoDevice = 2,

    /// <summary>The job is still running after all: it goes back to the pending list and the timer restarts.</summary>
    NoHang = 3,
}
