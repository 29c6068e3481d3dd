using AccelInterop.Conformance.Tests.Support;
using AccelInterop.Model.Targets;

namespace AccelInterop.Conformance.Tests.Rules;

/// <summary>Bad input to check and diff: one line on stderr and exit 2.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class CheckInputTests : IDisposable
{
    private readonly ScratchTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("check", "--model", "/nonexistent/m.uapi.json")]
    [InlineData("check", "--bogus")]
    [InlineData("check", "--model", "MODEL", "--target", "sparc64")]
    [InlineData("diff", "only-one.json")]
    [InlineData("diff", "a.json", "b.json", "c.json")]
    [InlineData("diff", "/nonexistent/old.uapi.json", "/nonexistent/new.uapi.json")]
    [InlineData("diff", "--header", "linux/vfio.h", "a.json", "b.json")]
    public void Bad_usage_is_one_line_and_exit_2(params string[] args)
    {
        var run = AccelgenRun.Of(args.Select(a => a == "MODEL" ? ModelPath("vfio") : a).ToArray());
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void A_model_that_is_not_json_names_file_and_line()
    {
        var bad = _tree.Write("bad.uapi.json", "{\n  \"schema\": \"accelinterop.uapi/1\",\n  oops\n}\n");
        var run = AccelgenRun.Of("diff", bad, ModelPath("vfio"));
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{bad}:3: error: ", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void A_model_without_the_asked_target_is_exit_2()
    {
        var partial = _tree.PathOf("x64.uapi.json");
        Assert.Equal(0, AccelgenRun.Of("scan", "linux/vfio.h", "--target", "x86_64", "--out", partial).ExitCode);
        var run = AccelgenRun.Of("check", "--model", partial, "--target", "i386", "--no-layout");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"has no target {LinuxTargets.I386.Triple}", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void Diff_of_a_model_with_itself_is_exit_0_and_says_so()
    {
        var run = AccelgenRun.Of("diff", ModelPath("xe"), ModelPath("xe"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("No ABI change.", run.Stdout);
    }

    internal static string ModelPath(string name) => Path.Combine(Checkout.Root, "headers", "models", name + ".uapi.json");
}
