using System.ComponentModel;
using System.Diagnostics;

namespace AccelInterop.Headers;

/// <summary>Outcome of one external command.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The first diagnostic line apt or clang printed (E:/W:/error:), for one-line messages.</summary>
    public string FirstErrorLine()
    {
        var lines = StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.FirstOrDefault(l => l.StartsWith("E:", StringComparison.Ordinal) || l.Contains("error:", StringComparison.Ordinal))
            ?? lines.FirstOrDefault(l => l.StartsWith("W:", StringComparison.Ordinal))
            ?? lines.FirstOrDefault()
            ?? $"exit code {ExitCode}";
    }
}

/// <summary>
/// Runs a program with an argument list (no shell, so paths and versions need no quoting),
/// captures both streams and kills the whole process tree on timeout.
/// </summary>
internal static class ProcessRunner
{
    public static ProcessResult Run(string program, IEnumerable<string> arguments, string? workingDirectory = null,
        TimeSpan? timeout = null, string? standardInput = null, string? description = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // apt translates its messages; parsing "Version:" and "E:" lines needs the C locale.
        info.Environment["LC_ALL"] = "C";
        info.Environment["LANG"] = "C";
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ToolNotFoundException(program, e.Message);
        }

        // Read both pipes concurrently; reading one to the end first can deadlock on a full other pipe.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        var limit = timeout ?? TimeSpan.FromMinutes(5);
        if (!process.WaitForExit(limit))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited in between.
            }

            process.WaitForExit();
            throw new HeaderSyncException($"{description ?? Path.GetFileName(program)} did not finish within {limit.TotalMinutes:0.#} minutes");
        }

        process.WaitForExit(); // Flushes the async stream readers.
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>A required external program is not installed.</summary>
internal sealed class ToolNotFoundException(string program, string detail)
    : HeaderSyncException($"{program} is not installed or not runnable ({detail}); run eng/install-prereqs.sh")
{
    public string Program { get; } = program;
}
