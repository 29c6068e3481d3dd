using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using AccelInterop.Conformance.Layout;
using AccelInterop.Model;
using AccelInterop.Model.Targets;
using AccelInterop.Scanner.Scanning;
using Xunit.Abstractions;

namespace AccelInterop.EndToEnd.Tests;

/// <summary>
/// "Any uAPI header must go through": every include/drm header and every include/linux header that
/// defines an ioctl, scanned and checked with a compiler. The model's requests must be exactly those a
/// C program that includes <c>&lt;sys/ioctl.h&gt;</c> and the header can use (<see cref="RequestOracle"/>),
/// and every value the compiler's (<see cref="LayoutOracle"/>). A header that needs C library types is
/// scanned again with the <c>--include</c> the scanner suggests. A header may fail to scan only where C cannot
/// compile it either: headers that include C library headers (sys/time.h, sys/socket.h) compile only where the
/// C library is (the host), and a few do not compile in any C program (linux/coda.h's &lt;linux/time.h&gt; and the
/// C library's &lt;sys/types.h&gt;, which it needs for u_short, both define struct timeval).
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
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

    /// <summary>The host (gcc, with the C library), a 32-bit target and a second 64-bit one (clang, freestanding).</summary>
    public static TheoryData<string> Targets() => new(LinuxTargets.Current!.Triple, LinuxTargets.I386.Triple, LinuxTargets.AArch64.Triple);

    private sealed record Outcome(string Kind, string Detail = "");

    private static string Flags(IReadOnlyList<string> preludes) => string.Join(" ", preludes.Select(p => "--include " + p));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_drm_header_and_every_linux_ioctl_header(string target)
    {
        var clock = Stopwatch.StartNew();
        var outcomes = new ConcurrentDictionary<string, Outcome>();
        var scanned = new ConcurrentDictionary<string, (UapiModel Model, IncludedHeader Included)>();
        var mismatches = new ConcurrentBag<string>();
        var crashes = new ConcurrentBag<string>();
        var totals = new int[5]; // records, requests, assertions, headers that needed <linux/ioctl.h> from their user, SCAN003 notes
        Parallel.ForEach(Headers(), new ParallelOptions { MaxDegreeOfParallelism = 2 }, header =>
        {
            try
            {
                var (model, preludes, error) = Scan(header, target);
                var included = new IncludedHeader(header, preludes);
                if (model == null)
                {
                    // Excused only when C cannot compile the header either (with the same preludes).
                    var cError = RequestOracle.ErrorOf(included, target);
                    if (cError == null)
                    {
                        mismatches.Add($"{header}: does not scan, but compiles: {error!.UserMessage}");
                    }
                    else
                    {
                        outcomes[header] = new Outcome("does not compile in C", $"{Flags(preludes)}: {cError}");
                    }

                    return;
                }
                var result = LayoutOracle.Verify(model, target, UapiHeaders.Oracle());
                foreach (var f in result.Findings)
                {
                    mismatches.Add($"{header}: {f}");
                }

                outcomes[header] = new Outcome(result.IsClean ? "verified" : "findings", Flags(preludes));
                scanned[header] = (model, included);
                Interlocked.Add(ref totals[0], result.Checked.Records);
                Interlocked.Add(ref totals[1], result.Checked.Ioctls);
                Interlocked.Add(ref totals[2], result.Checked.Assertions);
                if (model.Headers.Any(h => h.CallerIncludes.Count > 0))
                {
                    Interlocked.Increment(ref totals[3]);
                }

                Interlocked.Add(ref totals[4], model.Diagnostics.Count(d => d.Code == ScanDiagnosticCodes.NotIntegerConstant));
            }
            catch (Exception e)
            {
                crashes.Add($"{header}: {e}");
            }
        });

        // The set: requests in the model == requests a C program can use (one preprocessor run per half of the headers).
        var all = scanned.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        Parallel.ForEach(all.Chunk((all.Count + 1) / 2), new ParallelOptions { MaxDegreeOfParallelism = 2 }, chunk =>
        {
            var requests = RequestOracle.ExpandingToIoc(chunk.Select(c => c.Value.Included).ToList(), target);
            for (var i = 0; i < chunk.Length; i++)
            {
                var (header, (model, included)) = (chunk[i].Key, chunk[i].Value);
                var inModel = model.Ioctls.Where(r => r.ExistsOn(target)).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var extra in inModel.Except(requests[i]))
                {
                    mismatches.Add($"{header}: {extra} is a request in the model, but does not expand to _IOC()");
                }

                var usable = RequestOracle.Usable(included, target, requests[i].Except(inModel).Order(StringComparer.Ordinal).ToList());
                foreach (var missing in usable)
                {
                    mismatches.Add($"{header}: {missing} is a request a C program can use, but not in the model");
                }
            }
        });

        var verified = outcomes.Count(o => o.Value.Kind == "verified");
        var withPreludes = outcomes.Where(o => o.Value.Kind == "verified" && o.Value.Detail.Length > 0).ToList();
        var report = new List<string>
        {
            $"{outcomes.Count + crashes.Count} headers ({target}) in {clock.Elapsed.TotalSeconds:0.0} s: {verified} verified by the compiler " +
            $"({totals[0]} records, {totals[1]} requests, {totals[2]} assertions; request sets equal the compiler's), " +
            $"{totals[3]} evaluated after the <linux/ioctl.h> their users include, {withPreludes.Count} with a suggested --include, " +
            $"{outcomes.Count(o => o.Value.Kind == "does not compile in C")} do not compile in C either, " +
            $"{mismatches.Count} mismatches, {crashes.Count} crashes; {totals[4]} SCAN003 notes",
        };
        report.AddRange(withPreludes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"  {o.Key}: verified with {o.Value.Detail}"));
        report.AddRange(outcomes.Where(o => o.Value.Kind != "verified").OrderBy(o => o.Key, StringComparer.Ordinal)
            .Select(o => $"  {o.Key}: {o.Value.Kind}: {o.Value.Detail}"));
        report.AddRange(mismatches.Order(StringComparer.Ordinal).Select(m => "  mismatch: " + m));
        foreach (var line in report)
        {
            output.WriteLine(line);
        }

        var reportDir = Path.Combine(UapiHeaders.Cache.RepoRoot, "artifacts", "coverage");
        Directory.CreateDirectory(reportDir);
        File.WriteAllLines(Path.Combine(reportDir, $"headers-{target}.txt"), report);

        Assert.Empty(crashes);
        Assert.Empty(mismatches);
        // omapfb.h lacks size_t, which the compiler's own <stddef.h> declares for every target.
        Assert.Contains(withPreludes, o => o.Key == "linux/omapfb.h" && o.Value.Detail == "--include stddef.h");
        Assert.StartsWith("--include stdint.h --include sys/types.h:", outcomes["linux/coda.h"].Detail);
        Assert.True(verified > 150, report[0]);
    }

    /// <summary>Scans the header; when it lacks C library types, again with the preludes the scanner names.</summary>
    private static (UapiModel? Model, IReadOnlyList<string> Preludes, ScanException? Error) Scan(string header, string target)
    {
        IReadOnlyList<string> preludes = [];
        try
        {
            return (UapiScanner.Scan(UapiHeaders.Request([header], [target])), preludes, null);
        }
        catch (ScanException e) when (e.SuggestedIncludes.Count > 0)
        {
            preludes = e.SuggestedIncludes;
        }
        catch (ScanException e)
        {
            return (null, preludes, e);
        }
        try
        {
            return (UapiScanner.Scan(UapiHeaders.Request([header], [target]) with { Includes = preludes }), preludes, null);
        }
        catch (ScanException e)
        {
            return (null, preludes, e);
        }
    }
}
