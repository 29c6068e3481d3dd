using System.Diagnostics;

namespace AccelInterop.Conformance.Layout;

internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs a compiler or probe program with a C locale (plain ASCII quotes in messages) and a time limit.</summary>
internal static class ToolRunner
{
    public static ToolResult Run(string file, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["LC_ALL"] = "C";
        psi.Environment["LANG"] = "C";
        psi.Environment.Remove("GCC_COLORS");

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LayoutProbeException($"cannot run {file}: {e.Message}");
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new LayoutProbeException($"{Path.GetFileName(file)} did not finish within {timeout.TotalSeconds:0} s");
        }
        process.WaitForExit();
        return new ToolResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
