using System.Globalization;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>
/// The expected values of the layout tests, from a real compiler: builds Fixtures/layout_probe.c
/// with gcc once per test run, runs it, and keeps its key=value output. Also gives gcc's
/// target triple, so libclang parses for exactly the target gcc compiled for.
/// </summary>
internal static class GccLayoutProbe
{
    private static readonly Lazy<(string Triple, IReadOnlyDictionary<string, string> Values)> Probe =
        new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>gcc's own target (gcc -dumpmachine), e.g. x86_64-linux-gnu.</summary>
    public static string Triple => Probe.Value.Triple;

    /// <summary>A value the probe printed, as an exact integer (signed or unsigned 64-bit).</summary>
    public static Int128 Get(string key) =>
        Probe.Value.Values.TryGetValue(key, out string? text)
            ? Int128.Parse(text, CultureInfo.InvariantCulture)
            : throw new KeyNotFoundException($"the gcc probe printed no '{key}'");

    private static (string, IReadOnlyDictionary<string, string>) Build()
    {
        string machine = ChildProcess.Output("gcc", ["-dumpmachine"], TimeSpan.FromMinutes(2));

        DirectoryInfo work = Directory.CreateTempSubdirectory("accelinterop-probe-");
        try
        {
            string binary = Path.Combine(work.FullName, "layout_probe");
            ChildProcess.Output("gcc", ["-std=gnu11", "-O0", "-w", "-I", Fixture.Directory, "-o", binary, Fixture.LayoutProbeSource],
                TimeSpan.FromMinutes(2));
            return (machine.Trim(), KeyValueLines.Parse(ChildProcess.Output(binary, [], TimeSpan.FromMinutes(2))));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
