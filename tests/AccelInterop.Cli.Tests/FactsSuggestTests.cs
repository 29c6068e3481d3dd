namespace AccelInterop.Cli.Tests;

/// <summary><c>accelgen facts --suggest</c>: the heuristics' proposals the committed annotation files leave open.</summary>
public sealed class FactsSuggestTests
{
    [Fact]
    public void Committed_files_leave_nothing_open()
    {
        var run = AccelgenRun.Of("facts", "--suggest");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void One_uapi_and_bad_names()
    {
        Assert.Equal(0, AccelgenRun.Of("facts", "--suggest", "--uapi", "xe").ExitCode);
        var bad = AccelgenRun.Of("facts", "--suggest", "--uapi", "nope");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--uapi 'nope' is not one of drm, amdxdna, qda, xe, vfio, dmabuf", bad.Stderr);
        Assert.Equal(2, AccelgenRun.Of("facts", "--uapi", "xe").ExitCode);
    }

    [Fact]
    public void A_generate_facts_file_that_names_a_missing_member_is_a_located_error()
    {
        var dir = Directory.CreateTempSubdirectory("accelinterop-facts-").FullName;
        try
        {
            var facts = Path.Combine(dir, "bad.facts.json");
            File.WriteAllText(facts, "{\n  \"schema\": \"accelinterop-abi-facts/1\",\n  \"uapi\": \"xe\",\n  \"records\": {\"drm_xe_exec\": {\n    \"nope\": {\"kind\": \"plain\"}}}\n}\n");
            var model = Path.Combine(Checkout.Root, "headers", "models", "xe.uapi.json");
            var run = AccelgenRun.Of("generate", "--model", model, "--facts", facts, "--out", Path.Combine(dir, "out"));
            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"{facts}:5: error: unknown member 'drm_xe_exec.nope'", run.Stderr.Trim());
            Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
