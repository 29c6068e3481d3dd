using AccelInterop.Headers;
using AccelInterop.Model.Targets;
using AccelInterop.Scanner.Scanning;

namespace AccelInterop.Cli;

/// <summary>
/// The options scan, facts, generate, check and diff share: headers, include dirs, targets, defines,
/// preludes (--include), and where the uAPI include root comes from (the synced cache unless --include-root).
/// </summary>
internal sealed class ScanOptions
{
    public static readonly string[] ValueOptions = ["--header", "-I", "--target", "-D", "--include-root", "--include"];

    public static readonly string HelpText = $"""
          --header H        a header to scan, as C includes it (drm/xe_drm.h) or a file path; repeatable
          -I DIR            an extra include directory searched first; repeatable
          --target T        a clang triple or alias ({LinuxTargets.ShortNames}) or 'all'; repeatable
          -D NAME[=VALUE]   a macro definition for the parse; repeatable
          --include H       a header to include before the scanned ones, like cc -include (stdint.h for a
                            header that uses int64_t without including it); recorded in the model, so
                            check and generate see the same parse; repeatable
          --include-root R  a linux-libc-dev style include root (R/<triple>/asm, R/linux, ...) instead
                            of the synced headers/upstream/include (e.g. /usr/include)
        """;

    public required IReadOnlyList<string> Headers { get; init; }
    public required IReadOnlyList<LinuxTarget> Targets { get; init; }
    public required IReadOnlyList<string> ExtraIncludeDirs { get; init; }
    public required IReadOnlyList<string> Defines { get; init; }
    public IReadOnlyList<string> Includes { get; init; } = [];
    public string? IncludeRoot { get; init; }

    public static ScanOptions From(CommandLine cl, IReadOnlyList<LinuxTarget> defaultTargets)
    {
        var targets = new List<LinuxTarget>();
        foreach (var t in cl.All("--target"))
        {
            if (t == "all") { targets.AddRange(LinuxTargets.All); continue; }
            targets.Add(LinuxTargets.Find(t)
                ?? throw new UsageException($"unknown target '{t}'; valid targets: {string.Join(", ", LinuxTargets.All.Select(x => x.Triple))}"));
        }
        var root = cl.Single("--include-root");
        if (root != null && !Directory.Exists(root))
        {
            throw new UsageException($"include root '{root}' does not exist");
        }

        foreach (var d in cl.All("-I"))
        {
            if (!Directory.Exists(d))
            {
                throw new UsageException($"include directory '{d}' does not exist");
            }
        }

        return new ScanOptions
        {
            Headers = cl.All("--header").Concat(cl.Positionals).ToList(),
            Targets = (targets.Count == 0 ? defaultTargets : targets).Distinct().ToList(),
            ExtraIncludeDirs = cl.All("-I"),
            Defines = cl.All("-D"),
            Includes = cl.All("--include"),
            IncludeRoot = root,
        };
    }

    /// <summary>The host's target, for verbs that default to it.</summary>
    public static LinuxTarget Host => LinuxTargets.Current
        ?? throw new UsageException($"this machine's architecture is not one of the Linux targets; pass --target ({LinuxTargets.ShortNames})");

    /// <summary>The scan request; makes sure the synced headers are there when they are used.</summary>
    /// <param name="includes">Preludes instead of --include (a catalog uAPI's own).</param>
    public ScanRequest ToRequest(IReadOnlyList<string> headers, TextWriter log, IReadOnlyList<string>? includes = null)
    {
        Func<string, IReadOnlyList<string>> dirsFor;
        if (IncludeRoot != null)
        {
            var root = Path.GetFullPath(IncludeRoot);
            dirsFor = t => [Path.Combine(root, MultiarchDir(t)), root];
        }
        else
        {
            var cache = RepoContext.SyncedCache(log);
            dirsFor = t => cache.IncludeDirsFor(LinuxTargets.Find(t) ?? throw new UsageException($"unknown target '{t}'"));
        }
        var extra = ExtraIncludeDirs.ToList();
        var proposed = ProposedHeadersDir();
        if (proposed != null && !extra.Contains(proposed))
        {
            extra.Add(proposed);
        }

        return new ScanRequest(headers, Targets.Select(t => t.Triple).ToList(), dirsFor, extra, Defines)
        {
            HostTarget = LinuxTargets.Current?.Triple ?? "",
            Includes = includes ?? Includes,
        };
    }

    private static string MultiarchDir(string triple) =>
        (LinuxTargets.Find(triple) ?? throw new UsageException($"unknown target '{triple}'")).MultiarchDir;

    /// <summary>headers/proposed of the repository, when accelgen runs inside one (the ABIs we author).</summary>
    private static string? ProposedHeadersDir()
    {
        if (RepoContext.TryCache() is not { } cache)
        {
            return null;
        }

        var dir = Path.Combine(cache.RepoRoot, "headers", "proposed");
        return Directory.Exists(dir) ? dir : null;
    }
}
