using AccelInterop.Cli;
using AccelInterop.Runtime.Uapi.Amdxdna;
using AccelInterop.Runtime.Uapi.Drm;

namespace AccelInterop.Runtime.Uapi.Tests;

/// <summary>
/// The runtime's uAPI structs (src/Runtime/AccelInterop.Runtime/Uapi) are generated, never
/// hand-written: they must equal a fresh <c>accelgen generate</c> of the committed models, and
/// their layout self-checks must pass on this architecture.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class RuntimeBindingsTests
{
    public static TheoryData<string, string> Bindings => new()
    {
        { "drm", "AccelInterop.Runtime.Uapi.Drm" },
        { "amdxdna", "AccelInterop.Runtime.Uapi.Amdxdna" },
    };

    [Theory]
    [MemberData(nameof(Bindings))]
    public void Committed_bindings_equal_a_fresh_generate_of_the_committed_model(string name, string ns)
    {
        string root = RepositoryRoot();
        string output = Path.Combine(Path.GetTempPath(), $"accelinterop-uapi-{Guid.NewGuid():N}");
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = AccelgenApp.Run(
                ["generate", "--model", Path.Combine(root, "headers", "models", $"{name}.uapi.json"), "--namespace", ns, "--visibility", "internal", "--out", output],
                stdout, stderr);
            Assert.True(exit == 0, $"accelgen generate exited {exit}: {stderr}");

            string committed = Path.Combine(root, "src", "Runtime", "AccelInterop.Runtime", "Uapi", name);
            string fresh = Path.Combine(output, name);
            string[] committedFiles = Names(committed);
            string[] freshFiles = Names(fresh);
            Assert.Equal(freshFiles, committedFiles);
            foreach (string file in freshFiles)
            {
                string expected = File.ReadAllText(Path.Combine(fresh, file));
                string actual = File.ReadAllText(Path.Combine(committed, file));
                Assert.True(expected == actual,
                    $"src/Runtime/AccelInterop.Runtime/Uapi/{name}/{file} differs from a fresh generate; regenerate with " +
                    $"./accelgen generate --model headers/models/{name}.uapi.json --namespace {ns} --visibility internal --out src/Runtime/AccelInterop.Runtime/Uapi");
            }
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public void Drm_layout_self_check_passes_on_this_architecture() => AssertLayout(DrmLayout.Check());

    [Fact]
    public void Amdxdna_layout_self_check_passes_on_this_architecture() => AssertLayout(AmdxdnaLayout.Check());

    private static void AssertLayout(List<(string Symbol, long Actual, long Expected)> rows)
    {
        Assert.NotEmpty(rows);
        string[] wrong = [.. rows.Where(r => r.Expected >= 0 && r.Actual != r.Expected).Select(r => $"{r.Symbol}: {r.Actual} != {r.Expected}")];
        Assert.Empty(wrong);
    }

    private static string[] Names(string directory) =>
        [.. Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "AccelInterop.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("repository root (AccelInterop.sln) not found above " + AppContext.BaseDirectory);
    }
}
