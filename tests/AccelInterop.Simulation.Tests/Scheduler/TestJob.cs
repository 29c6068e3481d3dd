using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Scheduler;

namespace AccelInterop.Simulation.Tests.Scheduler;

/// <summary>What the scripted hardware does with a job.</summary>
public enum JobScript
{
    Complete,
    Hang,

    /// <summary>run_job creates the hardware fence and its extra reference, then fails (rocket_job_run's IOMMU attach).</summary>
    FailAfterFence,

    /// <summary>As <see cref="FailAfterFence"/>, but drops only one reference: the bug the rocket fix removed.</summary>
    FailAndLeak,
}

/// <summary>A driver job for the scheduler tests: a name, a script, and the extra hardware-fence reference a driver keeps.</summary>
public sealed class TestJob(string name, JobScript script = JobScript.Complete) : SchedJob
{
    public string Name { get; } = name;

    public JobScript Script { get; } = script;

    /// <summary>job->done_fence: the driver's own reference on the hardware fence.</summary>
    public DmaFence? DoneFence { get; set; }

    public override string ToString() => Name;
}
