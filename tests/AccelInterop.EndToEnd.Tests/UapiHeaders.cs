using AccelInterop.Conformance.Layout;
using AccelInterop.Headers;
using AccelInterop.Model;
using AccelInterop.Model.Targets;
using AccelInterop.Scanner.Scanning;

namespace AccelInterop.EndToEnd.Tests;

/// <summary>The synced upstream headers and the repository's proposed ones, as the scanner and the oracle see them.</summary>
internal static class UapiHeaders
{
    public static HeaderCache Cache => SyncedHeaders.Cache;

    public static string ProposedDir => Path.Combine(Cache.RepoRoot, "headers", "proposed");

    public static string FixturesDir => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static IReadOnlyList<string> AllTargets { get; } = LinuxTargets.All.Select(t => t.Triple).ToList();

    public static ScanRequest Request(IReadOnlyList<string> headers, IReadOnlyList<string> targets, params string[] extraDirs) =>
        new(headers, targets, t => Cache.IncludeDirsFor(LinuxTargets.Find(t)!), extraDirs, []);

    public static LayoutProbeOptions Oracle(params string[] extraDirs) =>
        new() { IncludeRoots = [Cache.IncludeDir], IncludeDirs = extraDirs };

    /// <summary>Scans once per header set and keeps the model for every test that needs it.</summary>
    public static UapiModel Model(string header, params string[] extraDirs)
    {
        lock (Models)
        {
            var key = header + "|" + string.Join("|", extraDirs);
            if (!Models.TryGetValue(key, out var m))
            {
                Models[key] = m = UapiScanner.Scan(Request([header], AllTargets, extraDirs));
            }

            return m;
        }
    }

    private static readonly Dictionary<string, UapiModel> Models = new();
}
