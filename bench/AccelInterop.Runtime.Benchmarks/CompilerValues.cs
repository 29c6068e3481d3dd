using System.Diagnostics;
using System.Globalization;

namespace AccelInterop.Runtime.Benchmarks;

/// <summary>Request numbers as this machine's C compiler defines them (a tiny program built with gcc).</summary>
internal static class CompilerValues
{
    public static ulong Fionread() => Evaluate("#include <sys/ioctl.h>", "FIONREAD");

    private static ulong Evaluate(string include, string expression)
    {
        DirectoryInfo work = Directory.CreateTempSubdirectory("accelinterop-bench-");
        try
        {
            string source = Path.Combine(work.FullName, "value.c");
            string binary = Path.Combine(work.FullName, "value");
            File.WriteAllText(source, $"{include}\n#include <stdio.h>\nint main(void) {{ printf(\"%llu\\n\", (unsigned long long)({expression})); return 0; }}\n");
            Run("gcc", "-o", binary, source);
            return ulong.Parse(Run(binary).Trim(), CultureInfo.InvariantCulture);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{fileName} failed: {error}");
    }
}
