using System.Diagnostics;

namespace AccelInterop.TestSupport;

/// <summary>The outcome of one external tool run; <see cref="TimedOut"/> when it was killed at its deadline.</summary>
public sealed record ToolResult(int ExitCode, string Stdout, string Stderr, bool TimedOut);

/// <summary>Runs an external tool (a compiler, accelgen) with arguments, a deadline and captured output.</summary>
public static class ToolProcess
{
    public static ToolResult Run(string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            // Only the process this call started, and its children.
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
            return new ToolResult(-1, stdout.Result, stderr.Result, TimedOut: true);
        }
        p.WaitForExit();
        return new ToolResult(p.ExitCode, stdout.Result, stderr.Result, TimedOut: false);
    }
}
