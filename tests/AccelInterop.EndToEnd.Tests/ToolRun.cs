using System.Diagnostics;

namespace AccelInterop.EndToEnd.Tests;

/// <summary>Runs a compiler or a compiled program in a folder with the C locale (plain quotes in messages).</summary>
internal static class ToolRun
{
    public static (int ExitCode, string StandardOutput, string StandardError) Run(string file, string directory, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }
}
