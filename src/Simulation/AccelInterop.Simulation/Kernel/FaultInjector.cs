namespace AccelInterop.Simulation.Kernel;

/// <summary>
/// Which fault points fire, for every point the kernel core and its drivers declared. A point is
/// armed to fire on chosen hits, or with a probability drawn from the kernel's seeded random
/// source (deterministic mode), so a failing run replays. Nothing is counted or looked up while
/// no point is armed.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private readonly SimulatedKernel _kernel;
    private readonly Dictionary<FaultPoint, State> _states = [];
    private readonly List<FaultPoint> _declared = [];
    private volatile bool _anyArmed;

    internal FaultInjector(SimulatedKernel kernel)
    {
        _kernel = kernel;
        foreach (FaultPoint point in FaultPoint.KernelPoints)
        {
            Declare(point);
        }
    }

    /// <summary>Every declared point with how often it was reached and fired.</summary>
    public IReadOnlyList<(FaultPoint Point, int Hits, int Fired)> Report
    {
        get
        {
            lock (_lock)
            {
                return [.. _declared.Select(point => (point, _states[point].Hits, _states[point].Fired))];
            }
        }
    }

    /// <summary>Announces a driver's point, so it is reported before it is ever reached (once per point).</summary>
    public void Declare(FaultPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        lock (_lock)
        {
            StateOf(point);
        }
    }

    /// <summary>Fires <paramref name="point"/> on its hits number skip+1 … skip+count (count -1: every hit from then on).</summary>
    public void Arm(FaultPoint point, int skip = 0, int count = 1)
    {
        lock (_lock)
        {
            State state = StateOf(point);
            (state.Skip, state.Count, state.Probability) = (state.Hits + skip, count, 0);
            _anyArmed = true;
        }
    }

    /// <summary>Fires <paramref name="point"/> with <paramref name="probability"/> per hit, drawn from the kernel's random source.</summary>
    public void ArmRandomly(FaultPoint point, double probability)
    {
        lock (_lock)
        {
            State state = StateOf(point);
            (state.Skip, state.Count, state.Probability) = (0, 0, probability);
            _anyArmed = true;
        }
    }

    public void Disarm(FaultPoint point)
    {
        lock (_lock)
        {
            State state = StateOf(point);
            (state.Skip, state.Count, state.Probability) = (0, 0, 0);
        }
    }

    /// <summary>How often the point was reached (while any point was armed).</summary>
    public int Hits(FaultPoint point)
    {
        lock (_lock)
        {
            return StateOf(point).Hits;
        }
    }

    /// <summary>How often the point fired.</summary>
    public int Fired(FaultPoint point)
    {
        lock (_lock)
        {
            return StateOf(point).Fired;
        }
    }

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
            State state = StateOf(point);
            int hit = state.Hits++;
            fire = state.Probability > 0
                ? _kernel.NextRandomDouble() < state.Probability
                : state.Count != 0 && hit >= state.Skip && (state.Count < 0 || hit < state.Skip + state.Count);
            if (fire)
            {
                state.Fired++;
            }
        }

        if (fire)
        {
            _kernel.Trace($"fault {point}");
        }

        return fire;
    }

    private State StateOf(FaultPoint point)
    {
        if (!_states.TryGetValue(point, out State? state))
        {
            state = new State();
            _states.Add(point, state);
            _declared.Add(point);
        }

        return state;
    }

    private sealed class State
    {
        public int Hits;
        public int Fired;
        public int Skip;
        public int Count;
        public double Probability;
    }
}
