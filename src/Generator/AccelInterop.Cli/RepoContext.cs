using AccelInterop.Headers;

namespace AccelInterop.Cli;

/// <summary>
/// Finds the AccelInterop checkout accelgen works in: ACCELINTEROP_REPO_ROOT (set by the
/// ./accelgen wrapper, so relative paths stay relative to where the user is), else the
/// current directory or one of its parents, else the folder the tool runs from.
/// </summary>
internal static class RepoContext
{
    public const string RootVariable = "ACCELINTEROP_REPO_ROOT";

    public static HeaderCache? TryCache()
    {
        var env = Environment.GetEnvironmentVariable(RootVariable);
        foreach (var start in new[] { env, Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            if (string.IsNullOrEmpty(start))
            {
                continue;
            }

            try { return HeaderCache.Locate(start); }
            catch (HeaderSyncException) { }
        }
        return null;
    }

    /// <summary>
    /// The synced headers, syncing first when the cache does not verify; says on <paramref name="log"/>
    /// what the sync did unless the cache was simply current, and any warning (e.g. the pin is no longer served).
    /// </summary>
    public static HeaderCache SyncedCache(TextWriter log)
    {
        var sync = HeaderSync.EnsureCached(new HeaderSyncOptions { RepoRoot = Cache().RepoRoot });
        if (sync.Outcome != HeaderSyncOutcome.UpToDate)
        {
            log.WriteLine($"accelgen: {sync.Message}");
        }

        if (sync.Warning != null)
        {
            log.WriteLine($"accelgen: warning: {sync.Warning}");
        }

        return sync.Cache;
    }

    public static HeaderCache Cache() => TryCache() ?? throw new UsageException(
        "not inside an AccelInterop checkout, so there are no synced headers; pass --include-root DIR (e.g. /usr/include)");
}
