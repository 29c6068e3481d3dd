using AccelInterop.Cli;

namespace AccelInterop.Conformance.Tests.Support;

/// <summary>Runs accelgen in-process, as a user would call it, and keeps what it printed.</summary>
internal sealed record AccelgenInProcess(int ExitCode, string Stdout, string Stderr)
{
    public static AccelgenInProcess Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = AccelgenApp.Run(args, stdout, stderr);
        return new AccelgenInProcess(code, stdout.ToString(), stderr.ToString());
    }

    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The finding lines of <c>check</c> for one rule: <c>file:line: RULE severity: message [targets]</c>.</summary>
    public IEnumerable<string> Findings(string ruleId) => StdoutLines.Where(l => l.Contains($": {ruleId} ", StringComparison.Ordinal));

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
