using AccelInterop.Model.Targets;

namespace AccelInterop.Cli.Tests;

/// <summary>User mistakes: one line on stderr naming file:line where there is one, exit 2, nothing written.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("accelgen-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Missing_header()
    {
        var run = AccelgenRun.Of("scan", "--header", "drm/no_such_uapi.h", "--target", "x86_64");
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("drm/no_such_uapi.h: error: header not found", line);
    }

    [Fact]
    public void Header_with_a_syntax_error_names_file_and_line_and_writes_nothing()
    {
        var header = Path.Combine(_dir, "broken.h");
        File.WriteAllText(header, "struct fine { int a; };\nstruct broken { int a b; };\n");
        var outFile = Path.Combine(_dir, "out.json");
        var run = AccelgenRun.Of("scan", header, "--target", "x86_64", "--out", outFile);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Matches(@"broken\.h:2: error: ", line);
        Assert.False(File.Exists(outFile));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp*"));
    }

    [Fact]
    public void A_failed_scan_leaves_an_existing_output_untouched()
    {
        var header = Path.Combine(_dir, "broken.h");
        File.WriteAllText(header, "#error nope\n");
        var outFile = Path.Combine(_dir, "out.json");
        File.WriteAllText(outFile, "previous");
        Assert.Equal(2, AccelgenRun.Of("scan", header, "--target", "x86_64", "--out", outFile).ExitCode);
        Assert.Equal("previous", File.ReadAllText(outFile));
    }

    [Theory]
    [InlineData("sparc64")]
    [InlineData("mips")]
    [InlineData("x86_65")]
    public void Unknown_target(string target)
    {
        var run = AccelgenRun.Of("scan", "--header", "drm/drm.h", "--target", target);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Equal($"accelgen: error: unknown target '{target}'; valid targets: {string.Join(", ", LinuxTargets.All.Select(t => t.Triple))}", line);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("scan", "--bogus")]
    [InlineData("scan", "--out")]
    [InlineData("facts", "--header", "drm/drm.h", "--target", "x86_64", "--target", "i386")]
    [InlineData("facts")]
    [InlineData("headers", "fetch")]
    public void Bad_usage(params string[] args)
    {
        var run = AccelgenRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("accelgen: error: ", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void Facts_past_the_nesting_limit_is_one_line_naming_the_record()
    {
        // A model whose record holds itself (hand-edited: C cannot say it), so the walk reaches the limit.
        var header = Path.Combine(_dir, "loop.h");
        File.WriteAllText(header, "struct inner { int v; };\nstruct outer { struct inner m; };\n");
        var model = Path.Combine(_dir, "loop.uapi.json");
        Assert.Equal(0, AccelgenRun.Of("scan", header, "--target", "x86_64", "--out", model).ExitCode);
        var text = File.ReadAllText(model);
        Assert.Contains("\"record\": \"inner\"", text);
        File.WriteAllText(model, text.Replace("\"record\": \"inner\"", "\"record\": \"outer\""));
        // On a thread with the stack a Linux process's main thread gets (8 MiB), as accelgen runs.
        AccelgenRun? run = null;
        var thread = new Thread(() => run = AccelgenRun.Of("facts", "--model", model, "--target", "x86_64"), 8 << 20);
        thread.Start();
        thread.Join();
        Assert.Equal(2, run!.ExitCode);
        Assert.Matches($@"^(.*/)?loop\.h:2: error: record 'outer' nests more than {Model.Facts.FactsWriter.MaxDepth} levels deep, down to 'outer' ",
            Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void Model_that_is_not_json_names_the_line()
    {
        var model = Path.Combine(_dir, "m.uapi.json");
        File.WriteAllText(model, "{\n  \"schema\": \"accelinterop.uapi/2\",\n  \"targets\": [{\"triple\": \"t\"},]\n}\n");
        var run = AccelgenRun.Of("facts", "--model", model);
        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"m\.uapi\.json:3: error: ", Assert.Single(run.ErrorLines));
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("facts")]
    [InlineData("headers")]
    public void Every_verb_has_help(string verb)
    {
        var run = AccelgenRun.Of(verb, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("usage: accelgen " + verb, run.Stdout);
    }
}
