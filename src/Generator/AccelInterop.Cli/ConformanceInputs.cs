using AccelInterop.Conformance.Layout;
using AccelInterop.Headers;
using AccelInterop.Model;
using AccelInterop.Model.Serialization;
using AccelInterop.Model.Targets;
using AccelInterop.Scanner.Scanning;

namespace AccelInterop.Cli;

/// <summary>
/// What check and diff read: a model file, or headers scanned with the shared scan options; and
/// where the layout oracle finds the same headers (the include root and -I directories the scan used).
/// </summary>
internal static class ConformanceInputs
{
    /// <summary>A model file when the argument names an existing <c>.json</c> file.</summary>
    public static bool IsModelFile(string argument) =>
        argument.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a model, or scans a comma-separated list of headers for <paramref name="targets"/>.</summary>
    public static UapiModel Load(string argument, ScanOptions options, IReadOnlyList<LinuxTarget> targets, TextWriter log)
    {
        if (IsModelFile(argument))
        {
            return ModelInputException.Load(argument);
        }

        var headers = argument.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var scan = new ScanOptions
        {
            Headers = headers,
            Targets = targets,
            ExtraIncludeDirs = options.ExtraIncludeDirs,
            Defines = options.Defines,
            Includes = options.Includes,
            IncludeRoot = options.IncludeRoot,
        };
        return UapiScanner.Scan(scan.ToRequest(headers, log), ScanCommand.SourceOf(scan));
    }

    /// <summary>The committed models of the product's uAPIs (headers/models/NAME.uapi.json).</summary>
    public static IReadOnlyList<(string Name, string Path)> CommittedModels()
    {
        var dir = Path.Combine(RepoContext.Cache().RepoRoot, "headers", "models");
        return UapiCatalog.Default.Select(u => (u.Name, Path.Combine(dir, u.Name + ModelFiles.ModelSuffix))).ToList();
    }

    /// <summary>The include root the headers come from: --include-root, else the synced headers (synced if needed).</summary>
    public static string IncludeRoot(ScanOptions options, TextWriter log)
    {
        if (options.IncludeRoot != null)
        {
            return Path.GetFullPath(options.IncludeRoot);
        }

        return RepoContext.SyncedCache(log).IncludeDir;
    }

    /// <summary>Layout oracle options that see the headers as the scan did (-I dirs and headers/proposed first, then the root).</summary>
    public static LayoutProbeOptions LayoutOptions(ScanOptions options, TextWriter log)
    {
        var dirs = options.ExtraIncludeDirs.Select(Path.GetFullPath).ToList();
        if (RepoContext.TryCache() is { } cache && Directory.Exists(Path.Combine(cache.RepoRoot, "headers", "proposed")))
        {
            dirs.Add(Path.Combine(cache.RepoRoot, "headers", "proposed"));
        }

        return new LayoutProbeOptions
        {
            IncludeRoots = [IncludeRoot(options, log)],
            IncludeDirs = dirs,
            ExtraCompilerArguments = options.Defines.Select(d => "-D" + d).ToList(),
        };
    }

    /// <summary>The model's targets, narrowed to --target when given.</summary>
    public static IReadOnlyList<string> TargetsOf(UapiModel model, ScanOptions options, bool explicitTargets, string what)
    {
        if (!explicitTargets)
        {
            return model.Targets;
        }

        var missing = options.Targets.Select(t => t.Triple).Where(t => !model.Targets.Contains(t)).ToList();
        if (missing.Count > 0)
        {
            throw new UsageException($"{what} has no target {string.Join(", ", missing)} (it has {string.Join(", ", model.Targets)})");
        }

        return options.Targets.Select(t => t.Triple).ToList();
    }
}
