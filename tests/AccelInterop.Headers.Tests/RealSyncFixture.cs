using System.Diagnostics;
using AccelInterop.Headers;

namespace AccelInterop.Headers.Tests;

/// <summary>
/// One real sync from the Debian archive into a temporary repository root, shared by the end-to-end
/// tests (one download per test run). Tests that change things work on a copy (<see cref="CopyRoot"/>).
/// </summary>
public sealed class RealSyncFixture : IDisposable
{
    /// <summary>Loopback port 9 (discard) refuses connections at once: a host that is certainly unreachable.</summary>
    public const string UnreachableUri = "http://127.0.0.1:9/debian";

    private readonly TempDir _root = new(asRepoRoot: true);
    private readonly List<TempDir> _copies = [];

    public RealSyncFixture()
    {
        try
        {
            var clock = Stopwatch.StartNew();
            Cold = HeaderSync.Run(new HeaderSyncOptions { RepoRoot = _root.Path });
            ColdTime = clock.Elapsed;
            clock.Restart();
            Warm = HeaderSync.Run(new HeaderSyncOptions { RepoRoot = _root.Path });
            WarmTime = clock.Elapsed;
        }
        catch
        {
            _root.Dispose(); // xunit does not dispose a fixture whose constructor threw.
            throw;
        }
    }

    public string Root => _root.Path;

    public HeaderCache Cache => new(Root);

    public HeaderSyncResult Cold { get; }

    public HeaderSyncResult Warm { get; }

    public TimeSpan ColdTime { get; }

    public TimeSpan WarmTime { get; }

    /// <summary>Options that would fail fast on any network access.</summary>
    public static HeaderSyncOptions Unreachable(string root) =>
        new() { RepoRoot = root, DebianUri = UnreachableUri, NetworkRetries = 0 };

    /// <summary>A new repository root with a copy of the synced headers/ and .cache/ (apt lists and the .deb).</summary>
    public string CopyRoot(bool withCache = true)
    {
        var copy = new TempDir(asRepoRoot: true);
        _copies.Add(copy);
        Directory.CreateDirectory(Path.Combine(copy.Path, "headers"));
        File.Copy(Cache.ManifestPath, Path.Combine(copy.Path, "headers", "manifest.json"));
        if (withCache)
        {
            TempDir.CopyTree(Cache.UpstreamDir, Path.Combine(copy.Path, "headers", "upstream"));
            TempDir.CopyTree(Path.Combine(Root, ".cache", "apt"), Path.Combine(copy.Path, ".cache", "apt"));
        }

        return copy.Path;
    }

    public void Dispose()
    {
        foreach (var copy in _copies)
        {
            copy.Dispose();
        }

        _root.Dispose();
    }
}
