namespace AccelInterop.Simulation.Kernel;

/// <summary>How simulated devices do their asynchronous work.</summary>
public enum FirmwareExecution
{
    /// <summary>Each device has a firmware thread that consumes work as it arrives (like hardware).</summary>
    Threaded,

    /// <summary>
    /// Firmware runs on the calling thread at scheduling points (a wait, a submit that needs a
    /// free slot, <see cref="SimulatedKernel.RunFirmware"/>): no handoff between threads.
    /// </summary>
    Inline,
}

/// <summary>Options of a <see cref="SimulatedKernel"/>.</summary>
public sealed record SimulationOptions
{
    /// <summary>
    /// Deterministic mode when set: firmware runs inline, time is virtual (it only moves when
    /// every runnable thing has run and a waiter would sleep), every choice the simulation makes
    /// (how many commands the firmware completes per step, random faults) comes from a random
    /// source seeded with this value, and a trace of events is kept, so a run replays exactly.
    /// </summary>
    public int? Seed { get; init; }

    /// <summary>
    /// How many of the newest trace entries deterministic mode keeps (<see cref="SimulatedKernel.TraceLog"/>);
    /// older ones still count in <see cref="SimulatedKernel.TraceDigest"/>.
    /// </summary>
    public int TraceCapacity { get; init; } = 65_536;

    /// <summary>How firmware runs when not deterministic.</summary>
    public FirmwareExecution Firmware { get; init; } = FirmwareExecution.Threaded;

    /// <summary>How long a scheduler job may run before the timeout handler fails it (drm_sched timeout).</summary>
    public TimeSpan JobTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
