namespace AccelInterop.Headers;

/// <summary>
/// The <c>headers sync</c> logic: fetch Debian's linux-libc-dev through a private apt configuration,
/// check it against <c>headers/manifest.json</c> (the pin) and keep <c>headers/upstream</c> in step.
/// A plain sync never rewrites an existing pin: when the archive has moved on, only the git-ignored
/// cache takes the served version (<see cref="HeaderSyncOutcome.Drifted"/>), so a test run leaves the
/// checkout unchanged; <see cref="HeaderSyncOptions.UpdateManifest"/> moves the pin. Failures throw
/// <see cref="HeaderSyncException"/> with a one-line message; the previous cache and manifest are left as they were.
/// </summary>
public static class HeaderSync
{
    private const string UpstreamName = "headers/upstream";
    private const string MovePin = "`accelgen headers sync --update-manifest` moves the pin";

    /// <summary>Runs a sync. See <see cref="HeaderSyncOutcome"/> for what it may do.</summary>
    public static HeaderSyncResult Run(HeaderSyncOptions? options = null)
    {
        options ??= new HeaderSyncOptions();
        var cache = CacheFor(options);
        using var _ = SyncLock.Acquire(Path.Combine(cache.RepoRoot, ".cache"), options.CommandTimeout);
        var pin = File.Exists(cache.ManifestPath) ? HeaderManifest.Load(cache.ManifestPath) : null;
        var package = pin?.Package ?? options.Package;

        if (options.Offline)
        {
            return UseCache(cache, pin, warning: null,
                problem => new HeaderSyncException($"--offline: {problem}; run a sync with network access first"));
        }

        var uri = options.DebianUri?.TrimEnd('/') ?? DebianMirror.Find(options.EtcAptDir);
        var apt = new PrivateApt(cache.AptDir, uri, pin?.Suite ?? options.Suite, options.Keyring,
            options.CommandTimeout, options.NetworkRetries);
        if (apt.Update() is { } networkError)
        {
            return UseCache(cache, pin, networkError, problem => new HeaderSyncException(
                cache.Exists
                    ? $"cannot reach the Debian archive at {uri} to fetch {package}; the cache in {UpstreamName} is not usable: {problem}"
                    : $"cannot reach the Debian archive at {uri} to fetch {package}; no cached headers in {UpstreamName}"));
        }

        var served = apt.CandidateVersion(package);
        var uncovered = pin is null ? [] : options.RootHeaders.Where(r => !pin.Files.ContainsKey(r)).ToList();
        if (pin is null || options.UpdateManifest)
        {
            return pin is not null && served == pin.Version && uncovered.Count == 0
                ? KeepVersion(cache, pin, apt, options)
                : MoveTo(cache, pin, package, pin?.Suite ?? options.Suite, served, apt, options);
        }

        if (uncovered.Count > 0)
        {
            throw new HeaderSyncException(
                $"{Relative(cache, cache.ManifestPath)} does not cover the root headers {string.Join(", ", uncovered)}; "
                + "run `accelgen headers sync --update-manifest` to add them");
        }

        return served == pin.Version ? KeepVersion(cache, pin, apt, options) : Drift(cache, pin, served, apt, options);
    }

    /// <summary>
    /// Fast path for tools that need the headers: when <c>headers/upstream</c> holds the pinned version
    /// (or, once the archive moved on, a verified later one) it returns at once without any network access.
    /// Otherwise runs <see cref="Run"/> (which may fetch or restore the cache; it never moves the pin).
    /// </summary>
    public static HeaderSyncResult EnsureCached(HeaderSyncOptions? options = null)
    {
        options ??= new HeaderSyncOptions();
        var cache = CacheFor(options);
        if (File.Exists(cache.ManifestPath))
        {
            var pin = HeaderManifest.Load(cache.ManifestPath);
            if (ProblemWith(cache, pin) is null)
            {
                return new HeaderSyncResult(HeaderSyncOutcome.UpToDate, pin.Version, pin.Version, [],
                    $"{pin.Package} {pin.Version} cached; {pin.Files.Count} headers verified", cache);
            }

            if (DriftedCache(cache, pin) is { } drifted)
            {
                return drifted;
            }
        }

        return Run(options with { RepoRoot = cache.RepoRoot });
    }

    private static HeaderCache CacheFor(HeaderSyncOptions options) =>
        options.RepoRoot is null ? HeaderCache.Locate() : new HeaderCache(options.RepoRoot);

    /// <summary>Why the cache cannot stand for the pin, or null when it can.</summary>
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

    /// <summary>
    /// The cache's own manifest when the cache holds another version than the pin and every file still
    /// matches that manifest; null otherwise.
    /// </summary>
    private static HeaderManifest? VerifiedOtherVersion(HeaderCache cache, HeaderManifest pin)
    {
        if (!cache.Exists || cache.ReadVersion() == pin.Version || !File.Exists(cache.CacheManifestPath))
        {
            return null;
        }

        var held = HeaderManifest.Load(cache.CacheManifestPath);
        return held.Version == cache.ReadVersion() && HeaderHashes.FirstMismatch(cache.IncludeDir, held) is null ? held : null;
    }

    private static HeaderSyncResult? DriftedCache(HeaderCache cache, HeaderManifest pin, string? networkWarning = null)
    {
        if (VerifiedOtherVersion(cache, pin) is not { } held)
        {
            return null;
        }

        var changed = HeaderManifest.ChangedFiles(pin, held);
        var warning = DriftWarning(cache, pin, held, changed);
        return new HeaderSyncResult(HeaderSyncOutcome.Drifted, held.Version, pin.Version, changed,
            $"{held.Package} {held.Version} cached in {UpstreamName}; {held.Files.Count} headers verified", cache,
            networkWarning is null ? warning : $"{networkWarning}; {warning}");
    }

    private static string DriftWarning(HeaderCache cache, HeaderManifest pin, HeaderManifest held, IReadOnlyList<string> changed) =>
        $"{Relative(cache, cache.ManifestPath)} pins {pin.Package} {pin.Version}, which the archive no longer serves; "
        + $"{UpstreamName} holds {held.Version} ({changed.Count} headers differ from the pin"
        + (changed.Count == 0 ? "" : ": " + string.Join(", ", changed)) + $"); {MovePin}";

    private static HeaderSyncResult UseCache(HeaderCache cache, HeaderManifest? pin, string? warning,
        Func<string, HeaderSyncException> failure)
    {
        var problem = ProblemWith(cache, pin);
        if (problem is null)
        {
            return new HeaderSyncResult(HeaderSyncOutcome.OfflineCache, pin!.Version, pin.Version, [],
                $"offline: using cached {pin.Version}", cache, warning);
        }

        if (pin is not null && VerifiedOtherVersion(cache, pin) is { } held)
        {
            var changed = HeaderManifest.ChangedFiles(pin, held);
            var drift = DriftWarning(cache, pin, held, changed);
            return new HeaderSyncResult(HeaderSyncOutcome.OfflineCache, held.Version, pin.Version, changed,
                $"offline: using cached {held.Version}", cache, warning is null ? drift : $"{warning}; {drift}");
        }

        throw failure(problem);
    }

    private static HeaderSyncResult KeepVersion(HeaderCache cache, HeaderManifest manifest, PrivateApt apt, HeaderSyncOptions options)
    {
        var problem = ProblemWith(cache, manifest);
        if (problem is null)
        {
            if (!File.Exists(cache.CacheManifestPath))
            {
                // A cache extracted before the cache kept its own manifest: record it now.
                manifest.Save(cache.CacheManifestPath);
            }

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

            manifest.Save(Path.Combine(staging, Path.GetFileName(cache.CacheManifestPath)));
            cache.ReplaceWith(staging);
        }
        finally
        {
            HeaderCache.TryDelete(staging);
        }

        return new HeaderSyncResult(HeaderSyncOutcome.Restored, manifest.Version, manifest.Version, [],
            $"{manifest.Package} {manifest.Version} restored into {UpstreamName} ({problem}); {manifest.Files.Count} headers verified", cache);
    }

    /// <summary>The pinned version is no longer served: put the served one in the cache, leave the pin alone.</summary>
    private static HeaderSyncResult Drift(HeaderCache cache, HeaderManifest pin, string served, PrivateApt apt, HeaderSyncOptions options)
    {
        if (cache.ReadVersion() == served && DriftedCache(cache, pin) is { } already)
        {
            return already;
        }

        Stage(cache, apt, pin.Package, pin.Suite, served, options);
        return DriftedCache(cache, pin)
            ?? throw new HeaderSyncException($"{UpstreamName} does not verify after extracting {pin.Package} {served}");
    }

    private static HeaderSyncResult MoveTo(HeaderCache cache, HeaderManifest? previous, string package, string suite,
        string version, PrivateApt apt, HeaderSyncOptions options)
    {
        var next = Stage(cache, apt, package, suite, version, options);

        // Cache first, manifest second: if the manifest write fails, the cache's VERSION no longer
        // matches the manifest and the next sync or EnsureCached simply repeats this step.
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

    /// <summary>
    /// Extracts a version into the cache together with the manifest of its root headers' include
    /// closure (on every target), and returns that manifest.
    /// </summary>
    private static HeaderManifest Stage(HeaderCache cache, PrivateApt apt, string package, string suite, string version,
        HeaderSyncOptions options)
    {
        var staging = FetchAndStage(cache, apt, package, version, options);
        try
        {
            var include = Path.Combine(staging, "include");
            var closure = IncludeClosure.Compute(options.Clang, include, options.RootHeaders, options.Targets, options.CommandTimeout);
            var manifest = new HeaderManifest(package, suite, version, HeaderHashes.Compute(include, closure));
            manifest.Save(Path.Combine(staging, Path.GetFileName(cache.CacheManifestPath)));
            cache.ReplaceWith(staging);
            return manifest;
        }
        finally
        {
            HeaderCache.TryDelete(staging);
        }
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
