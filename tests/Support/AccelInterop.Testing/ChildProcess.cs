using System.Diagnostics;

namespace AccelInterop.Testing;

/// <summary>Runs a program to completion with a time limit and captures its output.</summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
    {
        public string Output => StandardOutput + StandardError;
    }

    /// <param name="environment">Variables to set (a null value removes one) on top of this process's environment.</param>
    public static Result Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        IEnumerable<KeyValuePair<string, string?>>? environment = null, Func<string, bool>? dropInherited = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (dropInherited != null)
        {
            foreach (var key in start.Environment.Keys.Where(dropInherited).ToList())
            {
                start.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment ?? [])
        {
            if (value == null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in {timeout.TotalSeconds:0} s");
        }
        process.WaitForExit(); // drains the redirected streams
        return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult(), clock.Elapsed);
    }
}
