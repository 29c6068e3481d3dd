namespace AccelInterop.Storm.Tests;

/// <summary>
/// One call of a storm program. Its numbers are choices, read against the state when the call runs
/// (the <see cref="Target"/>-th open fd, the <see cref="Choice"/>-th request), so any program runs
/// and a shrunk one stays meaningful.
/// </summary>
internal readonly record struct StormCall(StormOp Op, int Process, int Thread, uint Target, uint Choice, ulong Value, int Salt)
{
    public override string ToString() => $"p{Process}.t{Thread} {Op} target={Target} choice={Choice} value=0x{Value:x} salt={Salt}";
}

/// <summary>A storm program: the calls of 4 processes x 2 threads, how they run, and the faults armed.</summary>
internal sealed record StormProgram(bool Deterministic, int Seed, double FaultRate, StormCall[] Calls)
{
    public const int Processes = 4;
    public const int ThreadsPerProcess = 2;

    public override string ToString() =>
        $"{(Deterministic ? "deterministic" : "threaded")} seed={Seed} faults={FaultRate:0.###} calls={Calls.Length}{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", Calls);
}
