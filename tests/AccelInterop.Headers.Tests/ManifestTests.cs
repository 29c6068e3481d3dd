using AccelInterop.Headers;
using AccelInterop.Model.Targets;

namespace AccelInterop.Headers.Tests;

public class ManifestTests
{
    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);

    // A per-architecture folder of the header tree, as a manifest key starts with it.
    private static readonly string Multiarch = LinuxTargets.X86_64.MultiarchDir;

    [Fact]
    public void Json_is_deterministic_sorted_and_two_space_indented()
    {
        var manifest = new HeaderManifest("linux-libc-dev", "sid", "6.1.2+really-1",
            [new("linux/vfio.h", HashB), new("drm/drm.h", HashA.ToUpperInvariant()), new("asm-generic/int-ll64.h", HashA), new($"{Multiarch}/asm/types.h", HashB)]);
        var expected = $$"""
            {
              "package": "linux-libc-dev",
              "suite": "sid",
              "version": "6.1.2+really-1",
              "files": {
                "asm-generic/int-ll64.h": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "drm/drm.h": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "linux/vfio.h": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                "{{Multiarch}}/asm/types.h": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
              }
            }

            """;
        Assert.Equal(expected, manifest.ToJson());
    }

    [Fact]
    public void Round_trip_is_byte_identical()
    {
        var manifest = new HeaderManifest("linux-libc-dev", "sid", "7.2.13-1", [new("drm/xe_drm.h", HashA), new("drm/drm.h", HashB)]);
        var json = manifest.ToJson();
        var parsed = HeaderManifest.Parse(json);
        Assert.Equal(json, parsed.ToJson());
        Assert.Equal(("linux-libc-dev", "sid", "7.2.13-1"), (parsed.Package, parsed.Suite, parsed.Version));
        Assert.Equal(["drm/drm.h", "drm/xe_drm.h"], parsed.Files.Keys);

        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "headers", "manifest.json");
        parsed.Save(path);
        Assert.Equal(json, File.ReadAllText(path));
        Assert.Equal(json, HeaderManifest.Load(path).ToJson());
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // No temp file left behind.
    }

    [Fact]
    public void Changed_files_lists_added_removed_and_modified()
    {
        var before = new HeaderManifest("p", "sid", "1", [new("a.h", HashA), new("b.h", HashA), new("c.h", HashA)]);
        var after = new HeaderManifest("p", "sid", "2", [new("a.h", HashA), new("b.h", HashB), new("d.h", HashA)]);
        Assert.Equal(["b.h", "c.h", "d.h"], HeaderManifest.ChangedFiles(before, after));
        Assert.Equal(["a.h", "b.h", "d.h"], HeaderManifest.ChangedFiles(null, after));
    }

    [Theory]
    [InlineData("{", "manifest.json:")]
    [InlineData("""{"package": "p", "suite": "s", "version": "1"}""", "not a valid header manifest")]
    [InlineData("""{"package": "p", "suite": "s", "version": "1", "files": {"a.h": "xyz"}}""", "\"a.h\" has no valid sha256")]
    public void Malformed_manifests_give_one_line_errors(string json, string expected)
    {
        var error = Assert.Throws<HeaderSyncException>(() => HeaderManifest.Parse(json));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
