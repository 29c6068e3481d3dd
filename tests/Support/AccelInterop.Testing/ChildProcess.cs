using System.Diagnostics;

namespace AccelInterop.Testing;

/// <summary>Runs a program to completion with a time limit and captures its output.</summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
    {
        public string Output => StandardOutput + StandardError;
    }

    /// <summary>The limit when a caller gives none: far above any compiler or probe run, so only a hang hits it.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <param name="timeout">The run's limit (default <see cref="DefaultTimeout"/>); the process tree is killed past it.</param>
    /// <param name="environment">Variables to set (a null value removes one) on top of this process's environment.</param>
    /// <param name="dropInherited">Inherited variables to remove (e.g. the test host's MSBuild settings).</param>
    /// <param name="workingDirectory">The child's current folder (default: this process's).</param>
    public static Result Run(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null, Func<string, bool>? dropInherited = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory != null)
        {
            start.WorkingDirectory = workingDirectory;
        }

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
        var limit = timeout ?? DefaultTimeout;
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in {limit.TotalSeconds:0} s");
        }
        process.WaitForExit(); // drains the redirected streams
        return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult(), clock.Elapsed);
    }

    /// <summary>Runs a program that must succeed: its standard output, or an exception with its exit code and standard error.</summary>
    public static string Output(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null, string? workingDirectory = null)
    {
        var result = Run(fileName, arguments, timeout, environment, workingDirectory: workingDirectory);
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new InvalidOperationException($"{fileName} failed ({result.ExitCode}): {result.StandardError}");
    }

    /// <summary>The C locale, so compilers print plain quotes and untranslated messages that tests can match.</summary>
    public static readonly KeyValuePair<string, string?>[] CLocale = [new("LC_ALL", "C")];
}
