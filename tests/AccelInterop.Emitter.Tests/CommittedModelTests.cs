using AccelInterop.Headers;
using Xunit.Abstractions;

namespace AccelInterop.Emitter.Tests;

/// <summary>
/// headers/models must be what a fresh scan of the synced headers gives (regenerate:
/// ./accelgen scan --out headers/models). When the archive no longer serves the pinned
/// linux-libc-dev, the cache holds a later one: the models are then compared with
/// <c>accelgen diff</c>, whose compatible changes are shown and whose incompatible ones fail.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class CommittedModelTests(ITestOutputHelper output)
{
    [Fact]
    public void Committed_models_equal_a_fresh_scan_of_the_synced_headers()
    {
        var dir = Directory.CreateTempSubdirectory("accelinterop-models-").FullName;
        try
        {
            var scan = AccelgenRun.Of("scan", "--out", dir);
            Assert.True(scan.ExitCode == 0, scan.Stderr);
            var cache = new HeaderCache(Checkout.Root);
            var pinned = HeaderManifest.Load(cache.ManifestPath).Version;
            var drifted = cache.ReadVersion() != pinned;
            foreach (var name in RepoPaths.Uapis)
            {
                var committedPath = Path.Combine(RepoPaths.Models, name + ".uapi.json");
                var freshPath = Path.Combine(dir, name + ".uapi.json");
                if (File.ReadAllText(committedPath) == File.ReadAllText(freshPath))
                {
                    continue;
                }

                Assert.True(drifted, $"headers/models/{name}.uapi.json differs from a fresh scan; run ./accelgen scan --out headers/models");
                AssertCompatible(name, committedPath, freshPath, $"the pinned {pinned} against the served {cache.ReadVersion()}");
            }
            Assert.Equal(RepoPaths.Uapis.Length, Directory.GetFiles(RepoPaths.Models, "*.uapi.json").Length);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>Shows the ABI diff of a committed model against a newer scan; fails only on an incompatible change.</summary>
    private void AssertCompatible(string name, string committedPath, string freshPath, string versions)
    {
        var (exit, diff, error) = AccelgenRun.Of("diff", committedPath, freshPath);
        output.WriteLine($"{name}: {versions}: accelgen diff exit {exit}\n{diff}{error}");
        Assert.True(exit is 0 or 4, $"{name}: the upstream header changed incompatibly ({versions}):\n{diff}{error}");
    }
}
