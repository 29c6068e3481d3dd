namespace AccelInterop.Fuzz.Tests.Paths;

/// <summary>One accelgen run: exit code and output, or how it crashed (an exception escaping, or the deadline).</summary>
public sealed record AccelgenOutcome(int ExitCode, string Stdout, string Stderr, string? Crash)
{
    /// <summary>A one-line description of anything but a clean exit 0.</summary>
    public string? Failure => Crash ?? (ExitCode != 0 ? $"exit {ExitCode}: {Stderr.Split('\n').FirstOrDefault(l => l.Length > 0)}" : null);
}

/// <summary>How the fuzzer runs <c>accelgen</c>: in this process (fast) or as a child process (a crash or hang is contained).</summary>
public interface IAccelgen
{
    AccelgenOutcome Run(IReadOnlyList<string> args);
}
