namespace AccelInterop.Simulation.Kernel;

/// <summary>Named places where the simulated kernel can be told to fail.</summary>
public enum FaultPoint
{
    /// <summary>A kernel allocation (BO backing, context, job) fails: -ENOMEM.</summary>
    AllocationFailure,

    /// <summary>The firmware stops consuming commands: jobs time out, user-mode queues stop advancing.</summary>
    FirmwareHang,

    /// <summary>The kernel's 64-bit read of a user-mode queue's read index is torn (sees half of an update).</summary>
    TornReadIndex,

    /// <summary>pm_runtime_resume_and_get fails when a job is run: the job must fail, not hang.</summary>
    RuntimePmResumeFailure,

    /// <summary>Attaching the IOMMU domain fails when a job is run or a context is created.</summary>
    IommuAttachFailure,
}

/// <summary>
/// Which fault points fire. A point is armed to fire on chosen hits, or with a probability
/// drawn from the kernel's seeded random source (deterministic mode), so a failing run replays.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private readonly SimulatedKernel _kernel;
    private readonly int[] _hits = new int[Enum.GetValues<FaultPoint>().Length];
    private readonly int[] _fired = new int[Enum.GetValues<FaultPoint>().Length];
    private readonly (int Skip, int Count, double Probability)[] _armed = new (int, int, double)[Enum.GetValues<FaultPoint>().Length];
    private volatile bool _anyArmed;

    internal FaultInjector(SimulatedKernel kernel) => _kernel = kernel;

    /// <summary>Fires <paramref name="point"/> on its hits number skip+1 … skip+count (count -1: every hit from then on).</summary>
    public void Arm(FaultPoint point, int skip = 0, int count = 1)
    {
        lock (_lock)
        {
            _armed[(int)point] = (_hits[(int)point] + skip, count, 0);
            _anyArmed = true;
        }
    }

    /// <summary>Fires <paramref name="point"/> with <paramref name="probability"/> per hit, drawn from the kernel's random source.</summary>
    public void ArmRandomly(FaultPoint point, double probability)
    {
        lock (_lock)
        {
            _armed[(int)point] = (0, 0, probability);
            _anyArmed = true;
        }
    }

    public void Disarm(FaultPoint point)
    {
        lock (_lock)
        {
            _armed[(int)point] = default;
        }
    }

    /// <summary>How often the point was reached.</summary>
    public int Hits(FaultPoint point) => Volatile.Read(ref _hits[(int)point]);

    /// <summary>How often the point fired.</summary>
    public int Fired(FaultPoint point) => Volatile.Read(ref _fired[(int)point]);

    /// <summary>Kernel code at a fault point: whether to fail here.</summary>
    public bool ShouldFail(FaultPoint point)
    {
        if (!_anyArmed)
        {
            return false;
        }

        bool fire;
        lock (_lock)
        {
            int hit = _hits[(int)point]++;
            (int skip, int count, double probability) = _armed[(int)point];
            fire = probability > 0
                ? _kernel.NextRandomDouble() < probability
                : count != 0 && hit >= skip && (count < 0 || hit < skip + count);
            if (fire)
            {
                _fired[(int)point]++;
            }
        }

        if (fire)
        {
            _kernel.Trace($"fault {point}");
        }

        return fire;
    }
}
