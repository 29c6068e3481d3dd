using AccelInterop.Model.Json;
using AccelInterop.Model.Targets;

namespace AccelInterop.Cli.Tests;

[Trait(Needs.Key, Needs.Toolchain)]
public sealed class ScanAndFactsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("accelgen-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Default_scan_writes_each_uapi_model_and_is_byte_deterministic()
    {
        var a = Path.Combine(_dir, "a");
        var b = Path.Combine(_dir, "b");
        Assert.Equal(0, AccelgenRun.Of("scan", "--out", a).ExitCode);
        Assert.Equal(0, AccelgenRun.Of("scan", "--out", b).ExitCode);
        var names = Directory.GetFiles(a).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(new[] { "amdxdna.uapi.json", "dmabuf.uapi.json", "drm.uapi.json", "qda.uapi.json", "vfio.uapi.json", "xe.uapi.json" }, names);
        foreach (var n in names)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, n!)), File.ReadAllBytes(Path.Combine(b, n!)));
        }
    }

    [Fact]
    public void Facts_from_headers_and_from_the_model_agree()
    {
        var model = Path.Combine(_dir, "xe.json");
        Assert.Equal(0, AccelgenRun.Of("scan", "--header", "drm/xe_drm.h", "--target", "all", "--out", model).ExitCode);
        foreach (var target in new[] { "i386", "aarch64", "s390x" })
        {
            var fromHeaders = AccelgenRun.Of("facts", "--header", "drm/xe_drm.h", "--target", target);
            var fromModel = AccelgenRun.Of("facts", "--model", model, "--target", target);
            Assert.Equal(0, fromHeaders.ExitCode);
            Assert.Equal(fromHeaders.Stdout, fromModel.Stdout);
        }
    }

    [Fact]
    public void Facts_has_the_contract_shape()
    {
        var run = AccelgenRun.Of("facts", "--header", "drm/xe_drm.h", "--target", "x86_64");
        Assert.Equal(0, run.ExitCode);
        var o = JsonReader.Parse(run.Stdout).AsObject();
        Assert.Equal(new[] { "target", "records", "constants" }, o.Members.Select(m => m.Key));
        Assert.Equal(LinuxTargets.X86_64.Triple, o.Required("target").AsString());
        var gemCreate = o.Required("records").AsObject().Required("drm_xe_gem_create").AsObject();
        Assert.Equal(new[] { "size", "align", "fields", "bitfields" }, gemCreate.Members.Select(m => m.Key));
        Assert.NotNull(gemCreate.Required("fields").AsObject().Get("extensions"));
        var constants = o.Required("constants").AsObject();
        Assert.NotNull(constants.Get("DRM_IOCTL_XE_GEM_CREATE"));
        Assert.NotNull(constants.Get("DRM_XE_DEVICE_QUERY_ENGINES"));
    }
}
