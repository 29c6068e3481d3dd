using AccelInterop.Model.Targets;

namespace AccelInterop.Headers;

/// <summary>
/// The on-disk layout of synced upstream headers under a repository root:
/// <c>headers/manifest.json</c> (committed), <c>headers/upstream/{include,VERSION}</c> (git-ignored)
/// and the private apt state in <c>.cache/apt/</c> (git-ignored).
/// </summary>
public sealed class HeaderCache
{
    /// <summary>The file whose folder is the repository root.</summary>
    public const string SolutionFileName = "AccelInterop.sln";

    public HeaderCache(string repoRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(repoRoot);
        RepoRoot = Path.GetFullPath(repoRoot);
    }

    public string RepoRoot { get; }

    public string ManifestPath => Path.Combine(RepoRoot, "headers", "manifest.json");

    /// <summary><c>headers/upstream</c>: replaced as a whole on every extraction.</summary>
    public string UpstreamDir => Path.Combine(RepoRoot, "headers", "upstream");

    /// <summary>The package's <c>usr/include</c>.</summary>
    public string IncludeDir => Path.Combine(UpstreamDir, "include");

    /// <summary>Holds the version of the package that <see cref="IncludeDir"/> came from.</summary>
    public string VersionFile => Path.Combine(UpstreamDir, "VERSION");

    /// <summary>
    /// The manifest of what the cache holds (git-ignored, written at every extraction). It equals the
    /// committed <see cref="ManifestPath"/> while the archive serves the pinned version; when the pinned
    /// version is no longer served, the cache holds the served one and this file describes it, so the
    /// committed manifest never has to change for the cache to be verified.
    /// </summary>
    public string CacheManifestPath => Path.Combine(UpstreamDir, "manifest.json");

    /// <summary>Private apt configuration, lists and downloaded archives.</summary>
    public string AptDir => Path.Combine(RepoRoot, ".cache", "apt");

    /// <summary>
    /// Where new extractions are staged. It sits under the git-ignored <c>.cache/</c> so a crashed
    /// sync leaves no untracked litter, and on the same filesystem as <see cref="UpstreamDir"/>
    /// so moving the finished tree into place is a rename.
    /// </summary>
    public string StagingDir => Path.Combine(RepoRoot, ".cache", "staging");

    /// <summary>Finds the repository root by walking up from <paramref name="startDirectory"/> (default: current directory).</summary>
    public static HeaderCache Locate(string? startDirectory = null)
    {
        var start = Path.GetFullPath(startDirectory ?? Directory.GetCurrentDirectory());
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return new HeaderCache(dir.FullName);
            }
        }

        throw new HeaderSyncException($"no {SolutionFileName} found in {start} or any parent folder; cannot locate the repository root");
    }

    /// <summary>True when an extracted tree is in place (it may still be stale or tampered with).</summary>
    public bool Exists => Directory.Exists(IncludeDir) && File.Exists(VersionFile);

    /// <summary>The cached package version, or null when there is no cache.</summary>
    public string? ReadVersion() => File.Exists(VersionFile) ? File.ReadAllText(VersionFile).Trim() : null;

    /// <summary>
    /// Include search path for one target: the per-arch dir first, so <c>&lt;asm/...&gt;</c>
    /// resolves to that architecture's headers before the generic tree.
    /// </summary>
    public IReadOnlyList<string> IncludeDirsFor(LinuxTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return [Path.Combine(IncludeDir, target.MultiarchDir), IncludeDir];
    }

    /// <summary>Absolute path of a manifest key (relative to <c>include/</c>, '/'-separated).</summary>
    public string PathOf(string manifestKey) => Path.Combine(IncludeDir, manifestKey.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>A fresh, empty staging folder (removed by the caller, or by the next sync if it crashed).</summary>
    internal string CreateStagingFolder()
    {
        Directory.CreateDirectory(StagingDir);
        foreach (var stale in Directory.EnumerateDirectories(StagingDir))
        {
            // Leftovers of a crashed or concurrent earlier sync; a live concurrent one would not
            // survive its own rename anyway, and the old folder is never read.
            if (Directory.GetLastWriteTimeUtc(stale) < DateTime.UtcNow.AddHours(-1))
            {
                TryDelete(stale);
            }
        }

        var path = Path.Combine(StagingDir, $"upstream-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Puts a fully written tree (with <c>include/</c> and <c>VERSION</c>) in place of
    /// <see cref="UpstreamDir"/> in one atomic step; the previous tree is deleted afterwards.
    /// </summary>
    internal void ReplaceWith(string stagedUpstream)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(UpstreamDir)!);
        var previous = AtomicDirectory.Replace(stagedUpstream, UpstreamDir);
        if (previous is not null)
        {
            TryDelete(previous);
        }
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover in .cache/staging is harmless and is cleaned later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
