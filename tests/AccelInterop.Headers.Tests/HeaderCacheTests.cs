using AccelInterop.Headers;
using AccelInterop.Model.Targets;

namespace AccelInterop.Headers.Tests;

public class HeaderCacheTests
{
    [Fact]
    public void Include_dirs_put_the_per_arch_dir_first()
    {
        var cache = new HeaderCache("/repo");
        var target = LinuxTargets.RiscV64;
        Assert.Equal([$"/repo/headers/upstream/include/{target.MultiarchDir}", "/repo/headers/upstream/include"],
            cache.IncludeDirsFor(target));
        Assert.Equal("/repo/headers/upstream/VERSION", cache.VersionFile);
        Assert.Equal("/repo/.cache/apt", cache.AptDir);
        Assert.Equal("/repo/headers/manifest.json", cache.ManifestPath);
    }

    [Fact]
    public void Locate_walks_up_to_the_solution()
    {
        using var root = new TempDir(asRepoRoot: true);
        var deep = Directory.CreateDirectory(Path.Combine(root.Path, "src", "a", "b")).FullName;
        Assert.Equal(root.Path, HeaderCache.Locate(deep).RepoRoot);

        using var elsewhere = new TempDir();
        var error = Assert.Throws<HeaderSyncException>(() => HeaderCache.Locate(elsewhere.Path));
        Assert.Contains("AccelInterop.sln", error.Message);
    }

    [Fact]
    public void Replacing_the_cache_swaps_whole_trees()
    {
        using var root = new TempDir(asRepoRoot: true);
        var cache = new HeaderCache(root.Path);

        HeaderSyncTestsSupport.StageTree(cache, "1", "old");
        Assert.Equal("1", cache.ReadVersion());

        HeaderSyncTestsSupport.StageTree(cache, "2", "new");
        Assert.Equal("2", cache.ReadVersion());
        Assert.Equal("new", File.ReadAllText(cache.PathOf("drm/x.h")));
        Assert.Empty(Directory.GetFileSystemEntries(cache.StagingDir)); // Previous tree deleted.
    }

    [Fact]
    public void Make_dependencies_are_tokenized()
    {
        var asm = LinuxTargets.X86_64.MultiarchDir + "/asm/types.h";
        var text = $"closure: <stdin> ./drm/drm.h \\\n  {asm} /usr/lib/clang/19/include/stddef.h\\\n  with\\ space.h\n";
        Assert.Equal(["<stdin>", "./drm/drm.h", asm, "/usr/lib/clang/19/include/stddef.h", "with space.h"],
            IncludeClosure.ParseMakeDependencies(text));
    }
}

internal static class HeaderSyncTestsSupport
{
    /// <summary>Puts a one-file tree with the given VERSION in place through the real staging path.</summary>
    public static void StageTree(HeaderCache cache, string version, string content)
    {
        var staging = cache.CreateStagingFolder();
        Directory.CreateDirectory(Path.Combine(staging, "include", "drm"));
        File.WriteAllText(Path.Combine(staging, "include", "drm", "x.h"), content);
        File.WriteAllText(Path.Combine(staging, "VERSION"), version + "\n");
        cache.ReplaceWith(staging);
    }
}
