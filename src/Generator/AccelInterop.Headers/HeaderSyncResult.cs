using AccelInterop.Model.Targets;

namespace AccelInterop.Headers;

/// <summary>What a sync did.</summary>
public enum HeaderSyncOutcome
{
    /// <summary>The archive serves the manifest's version and the cache matches it.</summary>
    UpToDate,

    /// <summary>Same version, but the cache was missing, stale or modified and was extracted again.</summary>
    Restored,

    /// <summary>With <see cref="HeaderSyncOptions.UpdateManifest"/>: the manifest moved to the served version (or the roots grew).</summary>
    Updated,

    /// <summary>
    /// The archive no longer serves the pinned version: the cache holds the served one, the committed
    /// manifest is unchanged, and <see cref="HeaderSyncResult.ChangedFiles"/> lists the headers that differ from the pin.
    /// </summary>
    Drifted,

    /// <summary>There was no manifest; it was written from the served version.</summary>
    Created,

    /// <summary>The network was not used (<c>--offline</c>) or not reachable; the matching cache was used.</summary>
    OfflineCache,
}

/// <summary>Result of <see cref="HeaderSync.Run"/> or <see cref="HeaderSync.EnsureCached"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Version">Package version now in the cache (the manifest's, unless <see cref="HeaderSyncOutcome.Drifted"/>).</param>
/// <param name="PreviousVersion">Manifest version before the sync (null when there was none); for a drift, the pinned version.</param>
/// <param name="ChangedFiles">Manifest files added, removed or changed (for <see cref="HeaderSyncOutcome.Updated"/>/<see cref="HeaderSyncOutcome.Created"/>), or differing from the pin (<see cref="HeaderSyncOutcome.Drifted"/>).</param>
/// <param name="Message">One line for the user, e.g. "linux-libc-dev moved from A to B; 3 headers changed: ...".</param>
/// <param name="Cache">The cache the headers are in.</param>
/// <param name="Warning">Why the network was not used when it should have been (apt's error line), or that the cache holds another version than the pin; else null.</param>
public sealed record HeaderSyncResult(
    HeaderSyncOutcome Outcome,
    string Version,
    string? PreviousVersion,
    IReadOnlyList<string> ChangedFiles,
    string Message,
    HeaderCache Cache,
    string? Warning = null)
{
    /// <summary>Include search path for a target (per-arch dir first), as <see cref="HeaderCache.IncludeDirsFor"/>.</summary>
    public IReadOnlyList<string> IncludeDirsFor(LinuxTarget target) => Cache.IncludeDirsFor(target);
}
