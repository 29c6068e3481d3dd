using AccelInterop.Testing;

namespace AccelInterop.Fuzz.Tests.Paths;

/// <summary>Runs the accelgen built next to the tests as a child process (exit code and deadline are the OS's).</summary>
public sealed class ProcessAccelgen(TimeSpan timeout) : IAccelgen
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "accelgen.dll");

    public AccelgenOutcome Run(IReadOnlyList<string> args)
    {
        ChildProcess.Result result;
        try { result = ChildProcess.Run("dotnet", [Tool, .. args], timeout); }
        catch (TimeoutException) { return new AccelgenOutcome(-1, "", "", $"timeout: no answer within {timeout.TotalSeconds:0} s"); }
        string? crash = result.ExitCode is 0 or 1 or 2 ? null
            : $"exit {result.ExitCode}: {result.StandardError.Split('\n').FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal)) ?? result.StandardError.Trim()}";
        return new AccelgenOutcome(result.ExitCode, result.StandardOutput, result.StandardError, crash);
    }
}
