using AccelInterop.Cli;

namespace AccelInterop.Testing;

/// <summary>Runs accelgen in-process, as a user would call it, and keeps what it printed.</summary>
public sealed record AccelgenRun(int ExitCode, string Stdout, string Stderr)
{
    public static AccelgenRun Of(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = AccelgenApp.Run(args, stdout, stderr);
        return new AccelgenRun(code, stdout.ToString(), stderr.ToString());
    }

    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The stderr lines, for checking that an error is exactly one line.</summary>
    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The finding lines of <c>check</c> for one rule: <c>file:line: RULE severity: message [targets]</c>.</summary>
    public IEnumerable<string> Findings(string ruleId) => StdoutLines.Where(l => l.Contains($": {ruleId} ", StringComparison.Ordinal));

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
