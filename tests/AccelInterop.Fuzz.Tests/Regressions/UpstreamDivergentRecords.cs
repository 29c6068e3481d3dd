using System.Text.Json;
using AccelInterop.Fuzz.Tests.Paths;

namespace AccelInterop.Fuzz.Tests.Regressions;

/// <summary>
/// Finds, with accelgen itself, the upstream records whose members differ per target: every uAPI header of the
/// synced include root (the architecture folders and asm-generic come in through them) is scanned alone for all
/// eight targets, and each record the model gives per-target members (<c>fieldsByTarget</c>) is named by the header
/// it is declared in and the record holding it (anonymous members through their holder). A header that includes an
/// <c>asm/</c> header some architectures do not have (linux/kvm.h: no asm/kvm.h on arm) is scanned again without
/// the targets that lack it.
/// </summary>
public static partial class UpstreamDivergentRecords
{
    /// <summary>The scan's one-line error when an architecture has no such asm header: <c>'asm/kvm.h' file not found (target T)</c>.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"'asm/[^']+' file not found \(target (?<target>[^)\s]+)\)")]
    private static partial System.Text.RegularExpressions.Regex MissingAsmHeader();

    public sealed record Found(IReadOnlySet<(string Header, string Record)> Records, int Headers, IReadOnlyList<string> NotScanned);

    public static Found Enumerate(string includeRoot)
    {
        var accelgen = new InProcessAccelgen(TimeSpan.FromMinutes(5));
        var records = new SortedSet<(string, string)>();
        var notScanned = new List<string>();
        var headers = UapiHeaders(includeRoot);
        var dir = Directory.CreateTempSubdirectory("accelinterop-upstream-").FullName;
        try
        {
            var model = Path.Combine(dir, "m.uapi.json");
            foreach (var header in headers)
            {
                var targets = LinuxTargets.All.Select(t => t.Triple).ToList();
                AccelgenOutcome run;
                while (true)
                {
                    run = accelgen.Run(["scan", "--header", header, .. targets.SelectMany(t => new[] { "--target", t }), "--include-root", includeRoot, "--out", model]);
                    if (run.Crash != null)
                    {
                        throw new InvalidOperationException($"scan of {header}: {run.Crash}");
                    }

                    if (run.ExitCode == 0 || MissingAsmHeader().Match(run.Stderr) is not { Success: true } missing
                        || !targets.Remove(missing.Groups["target"].Value) || targets.Count == 0)
                    {
                        break;
                    }
                }
                if (run.ExitCode != 0)
                {
                    // Headers that need a C library (sys/socket.h).
                    notScanned.Add(header);
                    continue;
                }
                using var doc = JsonDocument.Parse(File.ReadAllText(model));
                foreach (var r in doc.RootElement.GetProperty("records").EnumerateArray())
                {
                    if (r.TryGetProperty("fieldsByTarget", out _))
                    {
                        records.Add((r.GetProperty("file").GetString()!, r.GetProperty("id").GetString()!.Split("::")[0]));
                    }
                }
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
        return new Found(records, headers.Count, notScanned);
    }

    /// <summary>The headers a program includes by name (linux/..., drm/..., ...), in name order.</summary>
    private static List<string> UapiHeaders(string includeRoot) =>
        Directory.GetDirectories(includeRoot).Select(Path.GetFileName)
            .Where(d => d != "asm-generic" && !d!.Contains("-linux-", StringComparison.Ordinal))
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(includeRoot, d!), "*.h", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(includeRoot, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal).ToList();
}
