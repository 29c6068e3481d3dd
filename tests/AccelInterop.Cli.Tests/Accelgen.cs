using AccelInterop.Cli;

namespace AccelInterop.Cli.Tests;

/// <summary>Runs accelgen in-process and captures what a user would see.</summary>
internal sealed record AccelgenRun(int ExitCode, string Stdout, string Stderr)
{
    public static AccelgenRun Of(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = AccelgenApp.Run(args, stdout, stderr);
        return new AccelgenRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The stderr lines, for checking that an error is exactly one line.</summary>
    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
