using AccelInterop.Model.Serialization;
using AccelInterop.Model.Targets;

namespace AccelInterop.Cli.Tests;

/// <summary>
/// What a C user includes before a header: --include on scan/facts/generate/check, recorded in the model;
/// and &lt;linux/ioctl.h&gt; for headers whose requests use _IOR/_IOW without including it.
/// </summary>
public sealed class PreludeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("accelgen-prelude-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_header_that_lacks_a_libc_type_names_the_include_that_fixes_it()
    {
        var run = AccelgenRun.Of("scan", "--header", "linux/omapfb.h", "--target", "x86_64");

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("linux/omapfb.h:", line);
        Assert.EndsWith($"error: unknown type name 'size_t' (target {LinuxTargets.X86_64.Triple}): size_t is a C library type from <stddef.h>, " +
                        "which the header expects its user to include first; scan with --include stddef.h", line);
    }

    [Fact]
    public void Include_is_parsed_first_recorded_in_the_model_and_used_by_facts_generate_and_check()
    {
        var model = Path.Combine(_dir, "omapfb.uapi.json");
        var scan = AccelgenRun.Of("scan", "--header", "linux/omapfb.h", "--include", "stddef.h", "--target", "x86_64", "--target", "i386", "--out", model);
        Assert.True(scan.ExitCode == 0, scan.Stderr);
        var m = ModelReader.Read(File.ReadAllText(model));
        Assert.Equal(["stddef.h"], m.Includes);
        Assert.NotEmpty(m.Ioctls);

        var facts = AccelgenRun.Of("facts", "--header", "linux/omapfb.h", "--include", "stddef.h", "--target", "i386");
        Assert.Equal(0, facts.ExitCode);
        Assert.Equal(facts.Stdout, AccelgenRun.Of("facts", "--model", model, "--target", "i386").Stdout);

        var generate = AccelgenRun.Of("generate", "--header", "linux/omapfb.h", "--include", "stddef.h", "--target", "x86_64", "--out", Path.Combine(_dir, "gen"));
        Assert.True(generate.ExitCode == 0, generate.Stderr);

        // The compiler checks the model with the same prelude, on both targets.
        var check = AccelgenRun.Of("check", "--model", model);
        Assert.DoesNotContain("UAPI-L001", check.Stdout);
        Assert.Contains(check.ErrorLines, l => l.Contains("layout", StringComparison.Ordinal) && l.EndsWith(" 0 finding(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_header_whose_requests_rely_on_the_users_ioctl_h_gets_them_and_says_so()
    {
        var model = Path.Combine(_dir, "nbd.uapi.json");
        var run = AccelgenRun.Of("scan", "--header", "linux/nbd.h", "--target", "x86_64", "--out", model);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("accelgen: linux/nbd.h: requests evaluated as its users see them, after <linux/ioctl.h>", run.ErrorLines);
        var m = ModelReader.Read(File.ReadAllText(model));
        Assert.Equal(["linux/ioctl.h"], m.Headers.Single().CallerIncludes);
        Assert.Contains(m.Ioctls, i => i.Name == "NBD_SET_SOCK");
    }

    [Fact]
    public void Macros_left_out_are_counted_per_header()
    {
        var run = AccelgenRun.Of("scan", "--header", "drm/xe_drm.h", "--target", "x86_64", "--out", Path.Combine(_dir, "xe.json"));
        var scan003 = ModelReader.Read(File.ReadAllText(Path.Combine(_dir, "xe.json"))).Diagnostics.Count(d => d.Code == "SCAN003");

        Assert.True(scan003 > 0);
        Assert.Contains($"accelgen: drm/xe_drm.h: {scan003} macros left out, not integer constants (SCAN003 in the model's diagnostics)", run.ErrorLines);
    }

    [Fact]
    public void A_model_of_the_previous_schema_is_one_line_naming_the_scan_that_regenerates_it()
    {
        var old = Path.Combine(_dir, "old.uapi.json");
        File.WriteAllText(old, "{\n  \"schema\": \"accelinterop.uapi/1\",\n  \"headers\": [{\"path\": \"linux/vfio.h\", \"sha256\": \"00\"}],\n" +
                               $"  \"targets\": [\"{LinuxTargets.X86_64.Triple}\"]\n}}\n");

        var run = AccelgenRun.Of("generate", "--model", old, "--out", Path.Combine(_dir, "gen"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"{old}:2: error: schema 'accelinterop.uapi/1' is not 'accelinterop.uapi/2' (this accelgen's); regenerate the model: " +
                     $"accelgen scan --header linux/vfio.h --target {LinuxTargets.X86_64.Triple} --out {old}", Assert.Single(run.ErrorLines));
    }
}
