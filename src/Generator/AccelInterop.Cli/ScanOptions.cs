using AccelInterop.Headers;
using AccelInterop.Scanner.Scanning;

namespace AccelInterop.Cli;

/// <summary>
/// The options scan, facts (and later verbs) share: headers, include dirs, targets, defines,
/// and where the uAPI include root comes from (the synced cache unless --include-root).
/// </summary>
internal sealed class ScanOptions
{
    public static readonly string[] ValueOptions = ["--header", "-I", "--target", "-D", "--include-root"];

    public const string HelpText = """
          --header H        a header to scan, as C includes it (drm/xe_drm.h) or a file path; repeatable
          -I DIR            an extra include directory searched first; repeatable
          --target T        a clang triple or alias (x86_64, i386, aarch64, arm, powerpc64le, s390x,
                            riscv64, loongarch64) or 'all'; repeatable
          -D NAME[=VALUE]   a macro definition for the parse; repeatable
          --include-root R  a linux-libc-dev style include root (R/<triple>/asm, R/linux, ...) instead
                            of the synced headers/upstream/include (e.g. /usr/include)
        """;

    public required IReadOnlyList<string> Headers { get; init; }
    public required IReadOnlyList<TargetTriple> Targets { get; init; }
    public required IReadOnlyList<string> ExtraIncludeDirs { get; init; }
    public required IReadOnlyList<string> Defines { get; init; }
    public string? IncludeRoot { get; init; }

    public static ScanOptions From(CommandLine cl, IReadOnlyList<TargetTriple> defaultTargets)
    {
        var targets = new List<TargetTriple>();
        foreach (var t in cl.All("--target"))
        {
            if (t == "all") { targets.AddRange(TargetTriple.All); continue; }
            if (!TargetTriple.TryParse(t, out var parsed))
                throw new UsageException($"unknown target '{t}'; valid targets: {string.Join(", ", TargetTriple.All.Select(x => x.Triple))}");
            targets.Add(parsed);
        }
        var root = cl.Single("--include-root");
        if (root != null && !Directory.Exists(root)) throw new UsageException($"include root '{root}' does not exist");
        foreach (var d in cl.All("-I"))
            if (!Directory.Exists(d)) throw new UsageException($"include directory '{d}' does not exist");
        return new ScanOptions
        {
            Headers = cl.All("--header").Concat(cl.Positionals).ToList(),
            Targets = (targets.Count == 0 ? defaultTargets : targets).Distinct().ToList(),
            ExtraIncludeDirs = cl.All("-I"),
            Defines = cl.All("-D"),
            IncludeRoot = root,
        };
    }

    /// <summary>The scan request; makes sure the synced headers are there when they are used.</summary>
    public ScanRequest ToRequest(IReadOnlyList<string> headers, TextWriter log)
    {
        Func<string, IReadOnlyList<string>> dirsFor;
        if (IncludeRoot != null)
        {
            var root = Path.GetFullPath(IncludeRoot);
            dirsFor = t => [Path.Combine(root, TargetTriple.Parse(t).MultiarchDir), root];
        }
        else
        {
            var cache = RepoContext.SyncedCache(log);
            dirsFor = t => cache.IncludeDirsFor(TargetTriple.Parse(t));
        }
        var extra = ExtraIncludeDirs.ToList();
        var proposed = ProposedHeadersDir();
        if (proposed != null && !extra.Contains(proposed)) extra.Add(proposed);
        return new ScanRequest(headers, Targets.Select(t => t.Triple).ToList(), dirsFor, extra, Defines)
        {
            HostTarget = TargetTriple.Host.Triple,
        };
    }

    /// <summary>headers/proposed of the repository, when accelgen runs inside one (the ABIs we author).</summary>
    private static string? ProposedHeadersDir()
    {
        if (RepoContext.TryCache() is not { } cache) return null;
        var dir = Path.Combine(cache.RepoRoot, "headers", "proposed");
        return Directory.Exists(dir) ? dir : null;
    }
}
