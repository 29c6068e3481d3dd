using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Scheduler;

namespace AccelInterop.Simulation.Amdxdna;

/// <summary>
/// One EXEC_CMD job of an AIE2 context (<c>struct amdxdna_sched_job</c>): holds the command and
/// argument BOs until freed, and — while the firmware has it — an extra reference on its
/// hardware fence.
/// </summary>
public sealed class Aie2Job : SchedJob
{
    internal Aie2Job(AmdxdnaBo command, AmdxdnaBo[] arguments)
    {
        Command = command;
        Arguments = arguments;
    }

    public AmdxdnaBo Command { get; }

    internal AmdxdnaBo[] Arguments { get; }

    /// <summary>The context's submission number (the syncobj point; the first is 0).</summary>
    public ulong Seq { get; internal set; }

    /// <summary>job->fence: the job's reference on its hardware fence while it runs.</summary>
    internal DmaFence? DoneFence { get; set; }

    /// <summary>job->job_done: the firmware answered and the slot went back (aie2_sched_notify).</summary>
    internal bool SlotReleased { get; set; }

    /// <summary>The firmware will never answer this job (<see cref="Kernel.FaultPoint.FirmwareHang"/>).</summary>
    internal bool Hung { get; set; }

    /// <summary>job->job_timeout: the scheduler timed this job out and reset the context for it.</summary>
    internal bool TimedOut { get; set; }
}
