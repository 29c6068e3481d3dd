using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Amdxdna;

/// <summary>
/// The firmware side of one AIE2 context: the jobs the scheduler sent it (the mailbox), answered
/// in order — the command state, then the job's hardware fence (<c>aie2_sched_resp_handler</c>).
/// A hung job is never answered; everything behind it waits.
/// </summary>
internal sealed class Aie2Firmware
{
    private readonly Lock _lock = new();
    private readonly Queue<Aie2Job> _jobs = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _jobs.Count;
            }
        }
    }

    /// <summary>aie2_cmdlist_single_execbuf: the mailbox message for <paramref name="job"/>.</summary>
    public void Send(Aie2Job job)
    {
        lock (_lock)
        {
            _jobs.Enqueue(job);
        }
    }

    /// <summary>Answers up to <paramref name="budget"/> jobs of <paramref name="context"/>; true if any. Virtual time moves with each job.</summary>
    public bool Step(Aie2Hwctx context, AmdxdnaDriver driver, int budget)
    {
        SimulatedKernel kernel = context.Client.Device.Kernel;
        bool progressed = false;
        while (budget-- > 0)
        {
            Aie2Job? job;
            lock (_lock)
            {
                if (!_jobs.TryPeek(out job) || job.Hung)
                {
                    break;
                }

                _jobs.Dequeue();
            }

            if (kernel.IsDeterministic)
            {
                kernel.AdvanceClock(kernel.MonotonicNanoseconds + AmdxdnaDriver.CommandNanoseconds);
            }

            driver.Execute(job.Command);
            context.Notify(job);
            progressed = true;
        }

        return progressed;
    }

    /// <summary>Takes <paramref name="job"/> back (the context was reset); false if the firmware no longer has it.</summary>
    public bool Remove(Aie2Job job)
    {
        lock (_lock)
        {
            int count = _jobs.Count;
            for (int i = 0; i < count; i++)
            {
                Aie2Job next = _jobs.Dequeue();
                if (!ReferenceEquals(next, job))
                {
                    _jobs.Enqueue(next);
                }
            }

            return _jobs.Count != count;
        }
    }

    /// <summary>The firmware context is destroyed: every job it still has, for the caller to fail.</summary>
    public Aie2Job[] TakeAll()
    {
        lock (_lock)
        {
            Aie2Job[] all = [.. _jobs];
            _jobs.Clear();
            return all;
        }
    }
}
