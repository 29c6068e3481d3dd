using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using AccelInterop.Conformance.Layout;
using AccelInterop.Model.Targets;
using AccelInterop.Scanner.Scanning;
using Xunit.Abstractions;

namespace AccelInterop.EndToEnd.Tests;

/// <summary>
/// "Any uAPI header must go through": every include/drm header and every include/linux
/// header that defines an ioctl, scanned for the host and checked with gcc. A header may
/// legitimately fail to compile on its own (the scan then stops with a file:line error);
/// what must never happen is a crash, or a model the compiler disagrees with.
/// </summary>
public partial class HeaderCoverageTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"\b_IO(R|W|WR)?\s*\(")]
    private static partial Regex RequestMacro();

    private static IEnumerable<string> Headers()
    {
        var root = UapiHeaders.Cache.IncludeDir;
        var drm = Directory.GetFiles(Path.Combine(root, "drm"), "*.h");
        var linux = Directory.GetFiles(Path.Combine(root, "linux"), "*.h", SearchOption.AllDirectories)
            .Where(f => RequestMacro().IsMatch(File.ReadAllText(f)));
        return drm.Concat(linux).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
    }

    /// <summary>The host (gcc, with libc headers), a 32-bit target and powerpc's own ioctl encoding (clang, freestanding).</summary>
    public static TheoryData<string> Targets() =>
        new(LinuxTargets.Current!.Triple, LinuxTargets.I386.Triple, LinuxTargets.PowerPC64LE.Triple);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_drm_header_and_every_linux_ioctl_header(string host)
    {
        var outcomes = new ConcurrentDictionary<string, string>();
        var findings = new ConcurrentBag<string>();
        var crashes = new ConcurrentBag<string>();
        var totals = new int[3]; // records, ioctls, assertions
        Parallel.ForEach(Headers(), new ParallelOptions { MaxDegreeOfParallelism = 2 }, header =>
        {
            try
            {
                var model = UapiScanner.Scan(UapiHeaders.Request([header], [host]));
                var result = LayoutOracle.Verify(model, host, UapiHeaders.Oracle());
                if (!result.IsClean)
                {
                    outcomes[header] = "findings";
                    foreach (var f in result.Findings) findings.Add(f.ToString());
                    return;
                }
                outcomes[header] = "verified";
                Interlocked.Add(ref totals[0], result.Checked.Records);
                Interlocked.Add(ref totals[1], result.Checked.Ioctls);
                Interlocked.Add(ref totals[2], result.Checked.Assertions);
            }
            catch (ScanException e)
            {
                outcomes[header] = "does not compile alone: " + e.UserMessage;
            }
            catch (LayoutProbeException e)
            {
                outcomes[header] = "probe did not compile: " + e.Message;
            }
            catch (Exception e)
            {
                crashes.Add($"{header}: {e}");
            }
        });

        var verified = outcomes.Count(o => o.Value == "verified");
        var report = new List<string>
        {
            $"{outcomes.Count + crashes.Count} headers ({host}): {verified} verified by the compiler " +
            $"({totals[0]} records, {totals[1]} ioctls, {totals[2]} assertions), " +
            $"{outcomes.Count(o => o.Value.StartsWith("does not", StringComparison.Ordinal))} do not compile on their own, " +
            $"{outcomes.Count(o => o.Value.StartsWith("probe", StringComparison.Ordinal))} probe errors, " +
            $"{outcomes.Count(o => o.Value == "findings")} with findings, {crashes.Count} crashes",
        };
        report.AddRange(outcomes.Where(o => o.Value != "verified").OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"  {o.Key}: {o.Value}"));
        report.AddRange(findings.Order(StringComparer.Ordinal).Select(f => "  finding: " + f));
        foreach (var line in report) output.WriteLine(line);
        var reportDir = Path.Combine(UapiHeaders.Cache.RepoRoot, "artifacts", "coverage");
        Directory.CreateDirectory(reportDir);
        File.WriteAllLines(Path.Combine(reportDir, $"headers-{host}.txt"), report);

        Assert.Empty(crashes);
        Assert.Empty(findings);
        Assert.True(verified > 150, report[0]);
    }
}
