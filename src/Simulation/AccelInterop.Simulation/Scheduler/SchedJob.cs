using AccelInterop.Simulation.Fences;
using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Scheduler;

/// <summary>
/// One scheduler job (<c>struct drm_sched_job</c>); a driver derives its job type from it, as a
/// driver embeds drm_sched_job in its own. Made ready by <see cref="SchedEntity{TJob}.InitJob"/>,
/// <see cref="SchedEntity{TJob}.Arm"/>, <see cref="AddDependency"/>, then
/// <see cref="SchedEntity{TJob}.Push"/>; the scheduler frees it through the driver's
/// <see cref="ISchedBackend{TJob}.FreeJob"/> once its finished fence has signalled.
/// </summary>
public abstract class SchedJob
{
    /// <summary>Scheduler jobs initialised and not yet freed (cleaned up), in every scheduler of a kernel.</summary>
    public static readonly ObjectKind Jobs = new("drm_sched jobs");

    private readonly List<DmaFence> _dependencies = [];
    private ObjectCounter? _counter;
    private int _done;

    protected SchedJob()
    {
        DoneCallback = new HardwareDone(this);
    }

    /// <summary>What the job takes of the scheduler's credit limit while it runs.</summary>
    public uint Credits { get; internal set; }

    /// <summary>The fence pair, once armed.</summary>
    public SchedFence? Fence { get; private set; }

    /// <summary>Whether the job is armed (has its fences).</summary>
    public bool IsArmed => Fence is not null;

    /// <summary>The scheduler the job was initialised for.</summary>
    internal IJobDone? Owner { get; set; }

    internal DmaFenceCallback DoneCallback { get; }

    internal void Initialise(uint credits, ObjectCounter counter)
    {
        Credits = credits;
        _counter = counter;
        counter.Add(1);
    }

    internal void SetFence(SchedFence fence) => Fence = fence;

    /// <summary>
    /// drm_sched_job_add_dependency: the job does not run before <paramref name="fence"/> signals;
    /// the job takes a reference. Of two fences on one context only the later is kept.
    /// </summary>
    public void AddDependency(DmaFence fence)
    {
        ArgumentNullException.ThrowIfNull(fence);
        for (int i = 0; i < _dependencies.Count; i++)
        {
            DmaFence existing = _dependencies[i];
            if (ReferenceEquals(existing.Context, fence.Context))
            {
                if (fence.Context.IsLater(fence.Seqno, existing.Seqno))
                {
                    _dependencies[i] = fence.Get();
                    existing.Put();
                }

                return;
            }
        }

        _dependencies.Add(fence.Get());
    }

    /// <summary>The first dependency not signalled yet (signalled ones are dropped on the way), or null.</summary>
    internal DmaFence? NextDependency()
    {
        while (_dependencies.Count > 0)
        {
            DmaFence first = _dependencies[0];
            if (!first.IsSignaled)
            {
                return first;
            }

            _dependencies.RemoveAt(0);
            first.Put();
        }

        return null;
    }

    /// <summary>Whether job_done ran (once per job).</summary>
    internal bool TryMarkDone() => Interlocked.Exchange(ref _done, 1) == 0;

    /// <summary>
    /// Makes a cleaned-up job ready for <see cref="SchedEntity{TJob}.InitJob"/> again (a driver's job
    /// pool): only a job the scheduler released, holding no fence or dependency.
    /// </summary>
    protected void ResetForReuse()
    {
        if (Fence is not null || _dependencies.Count != 0 || _counter is not null || DoneCallback.IsPending)
        {
            throw new InvalidOperationException("only a released job can be reused");
        }

        Credits = 0;
        Owner = null;
        IsKilled = false;
        Volatile.Write(ref _done, 0);
    }

    /// <summary>Killed with its entity before it ran (drm_sched_entity_kill): it finishes with -ESRCH.</summary>
    internal bool IsKilled { get; set; }

    /// <summary>
    /// drm_sched_job_cleanup: drops the dependencies and the job's reference on its finished
    /// fence. The scheduler calls it before free_job; a driver calls it for a job it initialised
    /// but never pushed.
    /// </summary>
    public void Cleanup()
    {
        foreach (DmaFence dependency in _dependencies)
        {
            dependency.Put();
        }

        _dependencies.Clear();
        Fence?.Finished.Put();
        Fence = null;
        Interlocked.Exchange(ref _counter, null)?.Add(-1);
    }

    // drm_sched_job_done_cb: the hardware fence signalled.
    private sealed class HardwareDone(SchedJob job) : DmaFenceCallback
    {
        protected internal override void Invoke(DmaFence fence) => job.Owner?.JobDone(job, fence.Error);
    }
}
