using System.Diagnostics;
using System.Security.Cryptography;
using AccelInterop.Headers;
using AccelInterop.Model.Targets;
using Xunit.Abstractions;

namespace AccelInterop.Headers.Tests;

/// <summary>Against the real Debian archive (through the system's configured mirror), one download shared by all.</summary>
[Trait(Needs.Key, Needs.Network)]
[Trait(Needs.Key, Needs.Toolchain)]
public class HeaderSyncEndToEndTests(RealSyncFixture fixture, ITestOutputHelper output) : IClassFixture<RealSyncFixture>
{
    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Cold_sync_writes_a_manifest_that_matches_the_extracted_headers()
    {
        output.WriteLine($"cold {fixture.ColdTime.TotalSeconds:0.00}s: {fixture.Cold.Message}");
        output.WriteLine($"warm {fixture.WarmTime.TotalSeconds:0.00}s: {fixture.Warm.Message}");
        Assert.Equal(HeaderSyncOutcome.Created, fixture.Cold.Outcome);
        Assert.Equal(HeaderSyncOutcome.UpToDate, fixture.Warm.Outcome);

        var cache = fixture.Cache;
        var manifest = HeaderManifest.Load(cache.ManifestPath);
        Assert.Equal(("linux-libc-dev", "sid"), (manifest.Package, manifest.Suite));
        Assert.Equal(manifest.Version, cache.ReadVersion());
        Assert.Equal(Sha256(cache.PathOf("drm/xe_drm.h")), manifest.Files["drm/xe_drm.h"]);
        foreach (var root in HeaderSyncOptions.DefaultRootHeaders)
        {
            Assert.Contains(root, manifest.Files.Keys);
        }

        // The closure was taken on every target: each one's own asm headers are in it.
        foreach (var target in LinuxTargets.All)
        {
            Assert.Contains($"{target.MultiarchDir}/asm/ioctl.h", manifest.Files.Keys);
            Assert.True(Directory.Exists(cache.IncludeDirsFor(target)[0]));
        }

        Assert.All(manifest.Files, f => Assert.Equal(Sha256(cache.PathOf(f.Key)), f.Value));

        // Same served version → byte-identical to the repository's committed manifest.
        var repo = HeaderCache.Locate(AppContext.BaseDirectory);
        if (File.Exists(repo.ManifestPath) && HeaderManifest.Load(repo.ManifestPath).Version == manifest.Version)
        {
            Assert.Equal(File.ReadAllText(repo.ManifestPath), File.ReadAllText(cache.ManifestPath));
        }
    }

    [Fact]
    public void Offline_sync_and_EnsureCached_never_touch_the_network()
    {
        var clock = Stopwatch.StartNew();
        var offline = HeaderSync.Run(RealSyncFixture.Unreachable(fixture.Root) with { Offline = true });
        output.WriteLine($"--offline {clock.Elapsed.TotalSeconds:0.00}s: {offline.Message}");
        Assert.Equal(HeaderSyncOutcome.OfflineCache, offline.Outcome);
        Assert.Equal($"offline: using cached {fixture.Cold.Version}", offline.Message);
        Assert.Null(offline.Warning);

        clock.Restart();
        var ensured = HeaderSync.EnsureCached(RealSyncFixture.Unreachable(fixture.Root));
        output.WriteLine($"EnsureCached {clock.Elapsed.TotalSeconds:0.00}s: {ensured.Message}");
        Assert.Equal(HeaderSyncOutcome.UpToDate, ensured.Outcome);
        Assert.Equal(fixture.Cache.IncludeDirsFor(LinuxTargets.Current!), ensured.IncludeDirsFor(LinuxTargets.Current!));
    }

    [Fact]
    public void Unreachable_archive_falls_back_to_a_valid_cache()
    {
        var root = fixture.CopyRoot();
        var result = HeaderSync.Run(RealSyncFixture.Unreachable(root));
        Assert.Equal(HeaderSyncOutcome.OfflineCache, result.Outcome);
        Assert.Equal($"offline: using cached {fixture.Cold.Version}", result.Message);
        Assert.Contains("127.0.0.1", result.Warning);
    }

    [Fact]
    public void Unreachable_archive_without_a_cache_is_a_one_line_error()
    {
        var root = fixture.CopyRoot(withCache: false);
        const string expected = "cannot reach the Debian archive at http://127.0.0.1:9/debian to fetch linux-libc-dev; no cached headers in headers/upstream";
        Assert.Equal(expected, Assert.Throws<HeaderSyncException>(() => HeaderSync.Run(RealSyncFixture.Unreachable(root))).Message);
        Assert.Equal(expected, Assert.Throws<HeaderSyncException>(() => HeaderSync.EnsureCached(RealSyncFixture.Unreachable(root))).Message);
        Assert.StartsWith("--offline: no cached headers in headers/upstream",
            Assert.Throws<HeaderSyncException>(() => HeaderSync.Run(new HeaderSyncOptions { RepoRoot = root, Offline = true })).Message);
        Assert.False(Directory.Exists(new HeaderCache(root).UpstreamDir));
    }

    [Fact]
    public void A_tampered_cached_header_is_detected_and_an_online_sync_restores_it()
    {
        var root = fixture.CopyRoot();
        var cache = new HeaderCache(root);
        var manifest = HeaderManifest.Load(cache.ManifestPath);
        var path = cache.PathOf("drm/xe_drm.h");
        File.AppendAllText(path, "/* edited */\n");
        var tampered = Sha256(path);

        var expected = $"headers/upstream/include/drm/xe_drm.h has sha256 {tampered}, manifest says {manifest.Files["drm/xe_drm.h"]}";
        var offline = Assert.Throws<HeaderSyncException>(() => HeaderSync.Run(new HeaderSyncOptions { RepoRoot = root, Offline = true }));
        Assert.Contains(expected, offline.Message);
        var ensure = Assert.Throws<HeaderSyncException>(() => HeaderSync.EnsureCached(RealSyncFixture.Unreachable(root)));
        Assert.Contains(expected, ensure.Message);
        Assert.DoesNotContain('\n', ensure.Message);

        var restored = HeaderSync.Run(new HeaderSyncOptions { RepoRoot = root });
        Assert.Equal(HeaderSyncOutcome.Restored, restored.Outcome);
        Assert.Equal(manifest.Files["drm/xe_drm.h"], Sha256(path));
    }

    [Fact]
    public void Archive_bytes_that_differ_from_the_manifest_fail_and_leave_the_cache_alone()
    {
        var root = fixture.CopyRoot();
        var cache = new HeaderCache(root);
        var manifest = HeaderManifest.Load(cache.ManifestPath);
        var wrong = new string('0', 64);
        new HeaderManifest(manifest.Package, manifest.Suite, manifest.Version,
            manifest.Files.Select(f => f.Key == "drm/drm.h" ? new KeyValuePair<string, string>(f.Key, wrong) : f)).Save(cache.ManifestPath);
        var marker = Path.Combine(cache.UpstreamDir, "marker");
        File.WriteAllText(marker, "previous tree");

        var error = Assert.Throws<HeaderSyncException>(() => HeaderSync.Run(new HeaderSyncOptions { RepoRoot = root }));
        Assert.Contains("does not match headers/manifest.json", error.Message);
        Assert.Contains($"drm/drm.h has sha256 {manifest.Files["drm/drm.h"]}, manifest says {wrong}", error.Message);
        Assert.True(File.Exists(marker)); // The previous tree was not replaced.
        Assert.Equal(manifest.Files["drm/drm.h"], Sha256(cache.PathOf("drm/drm.h")));
        Assert.Empty(Directory.GetFileSystemEntries(cache.StagingDir));
    }

    /// <summary>A pin the archive no longer serves: 0.1-1 with one header changed and one missing.</summary>
    private static (string Root, HeaderCache Cache, string Served, string Pinned) PinAnUnservedVersion(RealSyncFixture fixture)
    {
        var root = fixture.CopyRoot();
        var cache = new HeaderCache(root);
        var manifest = HeaderManifest.Load(cache.ManifestPath);
        new HeaderManifest(manifest.Package, manifest.Suite, "0.1-1",
            manifest.Files
                .Where(f => f.Key != "linux/const.h")
                .Select(f => f.Key == "drm/xe_drm.h" ? new KeyValuePair<string, string>(f.Key, new string('1', 64)) : f)).Save(cache.ManifestPath);
        return (root, cache, manifest.Version, File.ReadAllText(cache.ManifestPath));
    }

    [Fact]
    public void A_pin_the_archive_no_longer_serves_stays_as_it_is_and_the_cache_takes_the_served_version()
    {
        var (root, cache, served, pinned) = PinAnUnservedVersion(fixture);
        File.Delete(cache.CacheManifestPath);
        File.WriteAllText(cache.VersionFile, "0.1-1\n"); // the cache held the old pin: it must be replaced

        var result = HeaderSync.Run(new HeaderSyncOptions { RepoRoot = root });
        output.WriteLine(result.Message);
        output.WriteLine(result.Warning);
        Assert.Equal(HeaderSyncOutcome.Drifted, result.Outcome);
        Assert.Equal((served, "0.1-1"), (result.Version, result.PreviousVersion));
        Assert.Equal(["drm/xe_drm.h", "linux/const.h"], result.ChangedFiles);
        Assert.Contains("pins linux-libc-dev 0.1-1, which the archive no longer serves", result.Warning);
        Assert.Contains("--update-manifest", result.Warning);
        Assert.DoesNotContain("\n", result.Warning!, StringComparison.Ordinal);
        Assert.Equal(pinned, File.ReadAllText(cache.ManifestPath)); // the tracked file is untouched
        Assert.Equal(served, cache.ReadVersion());
        Assert.Equal(Sha256(fixture.Cache.PathOf("drm/xe_drm.h")), Sha256(cache.PathOf("drm/xe_drm.h")));

        // Tools then use the verified cache without the network, and say why it is not the pin.
        var ensured = HeaderSync.EnsureCached(RealSyncFixture.Unreachable(root));
        Assert.Equal(HeaderSyncOutcome.Drifted, ensured.Outcome);
        Assert.Equal(result.Warning, ensured.Warning);
        var offline = HeaderSync.Run(new HeaderSyncOptions { RepoRoot = root, Offline = true });
        Assert.Equal((HeaderSyncOutcome.OfflineCache, served), (offline.Outcome, offline.Version));
        Assert.Equal(result.Warning, offline.Warning);
        Assert.Equal(HeaderSyncOutcome.Drifted, HeaderSync.Run(new HeaderSyncOptions { RepoRoot = root }).Outcome);
        Assert.Equal(pinned, File.ReadAllText(cache.ManifestPath));

        // A drifted cache is still verified: an edit is found and an online sync extracts again.
        File.AppendAllText(cache.PathOf("drm/drm.h"), "/* edited */\n");
        Assert.Throws<HeaderSyncException>(() => HeaderSync.Run(new HeaderSyncOptions { RepoRoot = root, Offline = true }));
        Assert.Equal(HeaderSyncOutcome.Drifted, HeaderSync.Run(new HeaderSyncOptions { RepoRoot = root }).Outcome);
        Assert.Equal(Sha256(fixture.Cache.PathOf("drm/drm.h")), Sha256(cache.PathOf("drm/drm.h")));
    }

    [Fact]
    public void A_newer_served_version_moves_the_manifest_only_when_asked_and_lists_changed_headers()
    {
        var (root, cache, served, _) = PinAnUnservedVersion(fixture);
        var current = File.ReadAllText(fixture.Cache.ManifestPath);

        var result = HeaderSync.Run(new HeaderSyncOptions { RepoRoot = root, UpdateManifest = true });
        Assert.Equal(HeaderSyncOutcome.Updated, result.Outcome);
        Assert.Equal(
            $"linux-libc-dev moved from 0.1-1 to {served}; 2 headers changed: drm/xe_drm.h, linux/const.h",
            result.Message);
        Assert.Equal(["drm/xe_drm.h", "linux/const.h"], result.ChangedFiles);
        Assert.Equal(current, File.ReadAllText(cache.ManifestPath));
        Assert.Equal(current, File.ReadAllText(cache.CacheManifestPath));
    }
}
