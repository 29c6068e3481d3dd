
namespace AccelInterop.Emitter.Tests;

/// <summary><c>accelgen generate</c> in-process: outputs, options, and one-line errors with exit 2.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class GenerateCommandTests
{
    [Fact]
    public void Default_input_generates_the_five_committed_uapis()
    {
        var dir = Directory.CreateTempSubdirectory("accelinterop-gen-").FullName;
        try
        {
            var (exit, _, stderr) = AccelgenRun.Of("generate", "--out", dir);
            Assert.True(exit == 0, stderr);
            foreach (var name in RepoPaths.Uapis)
            {
                var cls = Mapping.CsNames.Pascal(name);
                foreach (var part in new[] { "Types", "Constants", "Ioctls", "Layout" })
                {
                    Assert.True(File.Exists(Path.Combine(dir, name, $"{cls}.{part}.g.cs")), $"{name}/{cls}.{part}.g.cs");
                }
            }
            Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_model_with_namespace_and_class_options_is_emitted_byte_identically_twice()
    {
        var dir = Directory.CreateTempSubdirectory("accelinterop-gen-").FullName;
        try
        {
            var model = Path.Combine(RepoPaths.Models, "qda.uapi.json");
            Assert.Equal(0, AccelgenRun.Of("generate", "--model", model, "--out", Path.Combine(dir, "a"), "--namespace", "My.Qda", "--class", "Q").ExitCode);
            Assert.Equal(0, AccelgenRun.Of("generate", "--model", model, "--out", Path.Combine(dir, "b"), "--namespace", "My.Qda", "--class", "Q").ExitCode);
            var a = File.ReadAllText(Path.Combine(dir, "a", "qda", "Q.Ioctls.g.cs"));
            Assert.Contains("namespace My.Qda;", a);
            Assert.Contains("public static partial class Q", a);
            foreach (var f in Directory.GetFiles(Path.Combine(dir, "a", "qda")))
            {
                Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(dir, "b", "qda", Path.GetFileName(f))));
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Theory]
    [InlineData("generate --model /nonexistent/x.uapi.json", "x.uapi.json: error: model file not found")]
    [InlineData("generate --class 9bad --model m.json", "is not a C# name")]
    [InlineData("generate --class Q", "--class needs a single input")]
    [InlineData("generate --bogus", "unknown option '--bogus'")]
    public void Bad_usage_is_one_line_and_exit_2(string args, string message)
    {
        var (exit, _, stderr) = AccelgenRun.Of(args.Split(' '));
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Help_lists_the_options()
    {
        var (exit, stdout, _) = AccelgenRun.Of("generate", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("--namespace", stdout);
        Assert.Contains("generate", AccelgenRun.Of("--help").Stdout);
    }
}

/// <summary><c>accelgen generate</c> from headers: scans (ScanOptions) and emits in one go.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class GenerateFromHeadersTests
{
    [Fact]
    public void Headers_are_scanned_then_generated_with_the_given_names()
    {
        var dir = Directory.CreateTempSubdirectory("accelinterop-gen-").FullName;
        try
        {
            var run = AccelgenRun.Of("generate", "-I", RepoPaths.Baselines, "--header", "demo_accel.h", "--target", "x86_64",
                "--target", "i386", "--namespace", "Demo", "--out", dir);
            Assert.True(run.ExitCode == 0, run.Stderr);
            var ioctls = File.ReadAllText(Path.Combine(dir, "demo_accel", "DemoAccel.Ioctls.g.cs"));
            Assert.Contains("namespace Demo;", ioctls);
            // Two targets scanned: the other six architectures have no number.
            Assert.Contains("null, null, null, null, null, null }", ioctls);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
