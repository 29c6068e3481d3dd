using System.Text.Json;
using AccelInterop.Conformance.Tests.Rules;
using AccelInterop.Conformance.Tests.Support;

namespace AccelInterop.Conformance.Tests.Sarif;

/// <summary><c>accelgen check --sarif</c> and suppression files.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class SarifOutputTests : IDisposable
{
    private readonly ScratchTree _tree = new();

    public SarifOutputTests() => _tree.Write(RuleHeader.Path, RuleHeader.Text);

    public void Dispose() => _tree.Dispose();

    private AccelgenRun Check(params string[] extra) =>
        AccelgenRun.Of(["check", "-I", _tree.Root, RuleHeader.Path, "--target", "x86_64", "--target", "i386", "--no-layout", .. extra]);

    [Fact]
    public void The_sarif_log_is_well_formed_and_holds_every_finding()
    {
        var sarif = _tree.PathOf("out.sarif");
        var run = Check("--sarif", sarif);
        Assert.Equal(1, run.ExitCode);
        using var doc = JsonDocument.Parse(File.ReadAllText(sarif));
        Assert.Empty(SarifLog.Problems(doc.RootElement));

        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(run.StdoutLines.Length, results.Count);
        foreach (var (line, result) in run.StdoutLines.Zip(results))
        {
            var uri = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;
            var startLine = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32();
            Assert.Equal(_tree.PathOf(RuleHeader.Path), new Uri(uri).LocalPath);
            Assert.StartsWith($"{RuleHeader.Path}:{startLine}: {result.GetProperty("ruleId").GetString()} {result.GetProperty("level").GetString()}: ", line);
        }
    }

    [Fact]
    public void Suppressed_findings_leave_the_report_and_stay_in_sarif_as_suppressed()
    {
        var file = _tree.Write("rt.suppress", """
            # reviewed: the bitfields are a test fixture
            UAPI-R005 rt_bits   # fixture
            * rt_lo?g
            UAPI-R011 RT_IOCTL_*
            """);
        var sarif = _tree.PathOf("suppressed.sarif");
        var plain = Check();
        var run = Check("--suppressions", file, "--sarif", sarif);
        Assert.Contains(plain.StdoutLines, l => l.Contains("UAPI-R005"));
        Assert.DoesNotContain(run.StdoutLines, l => l.Contains("UAPI-R005") || l.Contains("rt_long") || l.Contains("UAPI-R011"));
        var gone = plain.StdoutLines.Length - run.StdoutLines.Length;
        Assert.True(gone >= 5, run.ToString());
        Assert.Contains(run.ErrorLines, l => l.Contains($"{gone} suppressed", StringComparison.Ordinal));

        using var doc = JsonDocument.Parse(File.ReadAllText(sarif));
        Assert.Empty(SarifLog.Problems(doc.RootElement));
        var suppressed = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Where(r => r.TryGetProperty("suppressions", out _)).ToList();
        Assert.Equal(gone, suppressed.Count);
        Assert.Contains(suppressed, r => r.GetProperty("suppressions")[0].TryGetProperty("justification", out var j) && j.GetString() == "fixture");
    }

    [Theory]
    [InlineData("UAPI-R999 foo\n", 1, "unknown rule 'UAPI-R999'")]
    [InlineData("# ok\nUAPI-R001\n", 2, "expected 'RULE-ID SYMBOL")]
    [InlineData("UAPI-R001 a b\n", 1, "expected 'RULE-ID SYMBOL")]
    public void A_bad_suppression_file_is_one_line_naming_file_and_line_and_exit_2(string text, int line, string message)
    {
        var file = _tree.Write("bad.suppress", text);
        var run = Check("--suppressions", file);
        Assert.Equal(2, run.ExitCode);
        var error = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"{file}:{line}: error: {message}", error);
    }
}
