namespace AccelInterop.Headers;

/// <summary>
/// The <c>headers sync</c> logic: fetch Debian's linux-libc-dev through a private apt configuration,
/// check it against <c>headers/manifest.json</c>, keep <c>headers/upstream</c> in step, and move the
/// manifest on when the archive serves a new version. Failures throw <see cref="HeaderSyncException"/>
/// with a one-line message; the previous cache and manifest are left as they were.
/// </summary>
public static class HeaderSync
{
    private const string UpstreamName = "headers/upstream";

    /// <summary>Runs a sync. See <see cref="HeaderSyncOutcome"/> for what it may do.</summary>
    public static HeaderSyncResult Run(HeaderSyncOptions? options = null)
    {
        options ??= new HeaderSyncOptions();
        var cache = CacheFor(options);
        using var _ = SyncLock.Acquire(Path.Combine(cache.RepoRoot, ".cache"), options.CommandTimeout);
        var manifest = File.Exists(cache.ManifestPath) ? HeaderManifest.Load(cache.ManifestPath) : null;
        var package = manifest?.Package ?? options.Package;

        if (options.Offline)
        {
            return UseCache(cache, manifest, warning: null,
                problem => new HeaderSyncException($"--offline: {problem}; run a sync with network access first"));
        }

        var uri = options.DebianUri?.TrimEnd('/') ?? DebianMirror.Find(options.EtcAptDir);
        var apt = new PrivateApt(cache.AptDir, uri, manifest?.Suite ?? options.Suite, options.Keyring,
            options.CommandTimeout, options.NetworkRetries);
        if (apt.Update() is { } networkError)
        {
            return UseCache(cache, manifest, networkError, problem => new HeaderSyncException(
                cache.Exists
                    ? $"cannot reach the Debian archive at {uri} to fetch {package}; the cache in {UpstreamName} is not usable: {problem}"
                    : $"cannot reach the Debian archive at {uri} to fetch {package}; no cached headers in {UpstreamName}"));
        }

        var served = apt.CandidateVersion(package);
        var coversRoots = manifest is not null && options.RootHeaders.All(manifest.Files.ContainsKey);
        if (manifest is not null && served == manifest.Version && coversRoots)
        {
            return KeepVersion(cache, manifest, apt, options);
        }

        return MoveTo(cache, manifest, package, manifest?.Suite ?? options.Suite, served, apt, options);
    }

    /// <summary>
    /// Fast path for tools that need the headers: when <c>headers/upstream</c> holds the manifest's version
    /// and every manifest hash matches, returns at once without any network access. Otherwise runs
    /// <see cref="Run"/> (which may fetch, restore, or move the manifest to a newly served version).
    /// </summary>
    public static HeaderSyncResult EnsureCached(HeaderSyncOptions? options = null)
    {
        options ??= new HeaderSyncOptions();
        var cache = CacheFor(options);
        if (File.Exists(cache.ManifestPath))
        {
            var manifest = HeaderManifest.Load(cache.ManifestPath);
            if (ProblemWith(cache, manifest) is null)
            {
                return new HeaderSyncResult(HeaderSyncOutcome.UpToDate, manifest.Version, manifest.Version, [],
                    $"{manifest.Package} {manifest.Version} cached; {manifest.Files.Count} headers verified", cache);
            }
        }

        return Run(options with { RepoRoot = cache.RepoRoot });
    }

    private static HeaderCache CacheFor(HeaderSyncOptions options) =>
        options.RepoRoot is null ? HeaderCache.Locate() : new HeaderCache(options.RepoRoot);

    /// <summary>Why the cache cannot stand for the manifest, or null when it can.</summary>
    internal static string? ProblemWith(HeaderCache cache, HeaderManifest? manifest)
    {
        if (manifest is null)
        {
            return $"there is no {Relative(cache, cache.ManifestPath)}";
        }

        if (!cache.Exists)
        {
            return $"no cached headers in {UpstreamName}";
        }

        var version = cache.ReadVersion();
        if (version != manifest.Version)
        {
            return $"{UpstreamName} holds {manifest.Package} {version}, the manifest names {manifest.Version}";
        }

        return HeaderHashes.FirstMismatch(cache.IncludeDir, manifest) is { } mismatch
            ? $"{UpstreamName}/include/{mismatch}"
            : null;
    }

    private static HeaderSyncResult UseCache(HeaderCache cache, HeaderManifest? manifest, string? warning,
        Func<string, HeaderSyncException> failure)
    {
        var problem = ProblemWith(cache, manifest);
        if (problem is not null)
        {
            throw failure(problem);
        }

        return new HeaderSyncResult(HeaderSyncOutcome.OfflineCache, manifest!.Version, manifest.Version, [],
            $"offline: using cached {manifest.Version}", cache, warning);
    }

    private static HeaderSyncResult KeepVersion(HeaderCache cache, HeaderManifest manifest, PrivateApt apt, HeaderSyncOptions options)
    {
        var problem = ProblemWith(cache, manifest);
        if (problem is null)
        {
            return new HeaderSyncResult(HeaderSyncOutcome.UpToDate, manifest.Version, manifest.Version, [],
                $"{manifest.Package} {manifest.Version} is current; {manifest.Files.Count} headers verified", cache);
        }

        // Same version but the cache is missing, stale or edited: extract again and insist the archive's
        // bytes are the ones the manifest recorded before trusting them.
        var staging = FetchAndStage(cache, apt, manifest.Package, manifest.Version, options);
        try
        {
            if (HeaderHashes.FirstMismatch(Path.Combine(staging, "include"), manifest) is { } mismatch)
            {
                throw new HeaderSyncException(
                    $"{manifest.Package} {manifest.Version} from {apt.Uri} does not match {Relative(cache, cache.ManifestPath)}: {mismatch}");
            }

            cache.ReplaceWith(staging);
        }
        finally
        {
            HeaderCache.TryDelete(staging);
        }

        return new HeaderSyncResult(HeaderSyncOutcome.Restored, manifest.Version, manifest.Version, [],
            $"{manifest.Package} {manifest.Version} restored into {UpstreamName} ({problem}); {manifest.Files.Count} headers verified", cache);
    }

    private static HeaderSyncResult MoveTo(HeaderCache cache, HeaderManifest? previous, string package, string suite,
        string version, PrivateApt apt, HeaderSyncOptions options)
    {
        var staging = FetchAndStage(cache, apt, package, version, options);
        HeaderManifest next;
        try
        {
            var include = Path.Combine(staging, "include");
            var closure = IncludeClosure.Compute(options.Clang, include, options.RootHeaders, options.Targets, options.CommandTimeout);
            next = new HeaderManifest(package, suite, version, HeaderHashes.Compute(include, closure));

            // Cache first, manifest second: if the manifest write fails, the cache's VERSION no longer
            // matches the manifest and the next sync or EnsureCached simply repeats this step.
            cache.ReplaceWith(staging);
        }
        finally
        {
            HeaderCache.TryDelete(staging);
        }

        next.Save(cache.ManifestPath);
        var changed = HeaderManifest.ChangedFiles(previous, next);
        var list = changed.Count == 0 ? "" : ": " + string.Join(", ", changed);
        var (outcome, message) = previous switch
        {
            null => (HeaderSyncOutcome.Created,
                $"{package} {version}: wrote {Relative(cache, cache.ManifestPath)} with {next.Files.Count} headers"),
            _ when previous.Version == version => (HeaderSyncOutcome.Updated,
                $"{package} {version}: manifest now covers the roots; {changed.Count} headers changed{list}"),
            _ => (HeaderSyncOutcome.Updated,
                $"{package} moved from {previous.Version} to {version}; {changed.Count} headers changed{list}"),
        };
        return new HeaderSyncResult(outcome, version, previous?.Version, changed, message, cache);
    }

    /// <summary>Downloads the package and extracts it into a fresh staging tree; the caller deletes it.</summary>
    private static string FetchAndStage(HeaderCache cache, PrivateApt apt, string package, string version, HeaderSyncOptions options)
    {
        var deb = apt.Download(package, version);
        var staging = cache.CreateStagingFolder();
        try
        {
            DebExtractor.Extract(deb, package, version, staging, options.CommandTimeout);
            return staging;
        }
        catch
        {
            HeaderCache.TryDelete(staging);
            throw;
        }
    }

    private static string Relative(HeaderCache cache, string path) =>
        Path.GetRelativePath(cache.RepoRoot, path).Replace(Path.DirectorySeparatorChar, '/');
}
