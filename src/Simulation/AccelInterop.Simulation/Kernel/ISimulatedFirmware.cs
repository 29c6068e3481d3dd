namespace AccelInterop.Simulation.Kernel;

/// <summary>A device's firmware model, driven by the kernel when firmware runs inline.</summary>
public interface ISimulatedFirmware
{
    /// <summary>Does the work that is possible now (consume commands, fire expired timers); true if anything changed.</summary>
    bool Step();

    /// <summary>When the next timer (e.g. a job timeout) expires, in <see cref="SimulatedKernel.MonotonicNanoseconds"/>; <see cref="long.MaxValue"/> if none.</summary>
    long NextTimerNanoseconds { get; }
}

/// <summary>What a kernel-side wait waits for (a struct, so waiting allocates nothing).</summary>
public interface IWaitCondition
{
    bool IsSatisfied();
}
