using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;
using AccelInterop.Simulation.Scheduler;
using static AccelInterop.Runtime.Errors.Errno;

namespace AccelInterop.Simulation.Tests.Scheduler;

/// <summary>
/// A driver backend and the hardware behind it, for the scheduler tests: jobs follow their
/// <see cref="JobScript"/>; the hardware answers in order when <see cref="Complete"/> (or the
/// firmware host through <see cref="Step"/>) runs; every callback is written to a transcript.
/// </summary>
public sealed class ScriptedBackend : ISchedBackend<TestJob>, ISimulatedFirmware
{
    private readonly Lock _lock = new();
    private readonly Queue<TestJob> _hardware = new();
    private readonly List<string> _transcript = [];
    private readonly SimulatedKernel _kernel;

    public ScriptedBackend(SimulatedKernel kernel, uint creditLimit, TimeSpan timeout, Action? wakeup = null, bool recycleFences = false)
    {
        _kernel = kernel;
        HardwareFences = new DmaFenceContext("test", "hw", counts: kernel.Counts);
        Scheduler = new GpuScheduler<TestJob>(kernel, "test", this, creditLimit, timeout, wakeup);
        Entity = new SchedEntity<TestJob>(Scheduler, recycleFences);
    }

    public GpuScheduler<TestJob> Scheduler { get; }
    public SchedEntity<TestJob> Entity { get; }
    public DmaFenceContext HardwareFences { get; }

    /// <summary>What the timeout handler answers for a job that is not hung.</summary>
    public SchedStat TimeoutAnswer { get; set; } = SchedStat.Reset;

    public IReadOnlyList<string> Transcript
    {
        get
        {
            lock (_lock)
            {
                return [.. _transcript];
            }
        }
    }

    private int _freed;

    public int FreedJobs => Volatile.Read(ref _freed);

    /// <summary>Init, arm, push: a job as a driver's submit ioctl makes it.</summary>
    public TestJob Submit(string name, JobScript script = JobScript.Complete, uint credits = 1, DmaFence? dependency = null)
    {
        var job = new TestJob(name, script);
        Assert.Equal(0, Entity.InitJob(job, credits));
        Entity.Arm(job);
        if (dependency is not null)
        {
            job.AddDependency(dependency);
        }

        Entity.Push(job);
        return job;
    }

    /// <summary>The hardware answers up to <paramref name="count"/> jobs it has, in order, stopping at a hung one.</summary>
    public void Complete(int count = int.MaxValue)
    {
        while (count-- > 0)
        {
            TestJob? job;
            lock (_lock)
            {
                if (!_hardware.TryPeek(out job) || job.Script == JobScript.Hang)
                {
                    return;
                }

                _hardware.Dequeue();
            }

            job.DoneFence!.Signal();
        }
    }

    public int RunJob(TestJob job, out DmaFence? hardwareFence)
    {
        Record($"run {job}");
        hardwareFence = null;
        var fence = new DmaFence(HardwareFences, HardwareFences.NextSeqno());
        job.DoneFence = fence.Get();
        switch (job.Script)
        {
            case JobScript.FailAfterFence:
                job.DoneFence.Put();
                job.DoneFence = null;
                fence.Put();
                return -ENODEV;
            case JobScript.FailAndLeak:
                job.DoneFence = null; // the extra reference is lost: the fence can never be released
                fence.Put();
                return -ENODEV;
        }

        lock (_lock)
        {
            _hardware.Enqueue(job);
        }

        hardwareFence = fence;
        return 0;
    }

    public SchedStat TimedOutJob(TestJob job)
    {
        Record($"timeout {job}");
        if (job.Script != JobScript.Hang)
        {
            return TimeoutAnswer;
        }

        Remove(job);
        job.DoneFence!.SetError(-ETIME);
        job.DoneFence.Signal();
        return SchedStat.Reset;
    }

    public void FreeJob(TestJob job)
    {
        Record($"free {job} {job.Fence!.Finished.Error}");
        job.DoneFence?.Put();
        job.DoneFence = null;
        Interlocked.Increment(ref _freed);
    }

    public void CancelJob(TestJob job)
    {
        Record($"cancel {job}");
        Remove(job);
        if (job.DoneFence is { IsSignaled: false } done)
        {
            done.SetError(-ECANCELED);
            done.Signal();
        }
    }

    /// <summary>The firmware host's step: the hardware answers, then the scheduler's work runs.</summary>
    public bool Step()
    {
        if (_kernel.IsFirmwareHeld)
        {
            return false;
        }

        int before;
        lock (_lock)
        {
            before = _hardware.Count;
        }

        Complete();
        bool progressed;
        lock (_lock)
        {
            progressed = _hardware.Count != before;
        }

        return Scheduler.Step(_kernel.MonotonicNanoseconds) | progressed;
    }

    public long NextTimerNanoseconds => Scheduler.NextTimer;

    private void Remove(TestJob job)
    {
        lock (_lock)
        {
            TestJob[] rest = [.. _hardware.Where(j => !ReferenceEquals(j, job))];
            _hardware.Clear();
            foreach (TestJob other in rest)
            {
                _hardware.Enqueue(other);
            }
        }
    }

    private void Record(string entry)
    {
        lock (_lock)
        {
            _transcript.Add(entry);
        }
    }
}
