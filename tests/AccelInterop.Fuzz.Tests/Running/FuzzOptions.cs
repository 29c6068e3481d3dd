using AccelInterop.Fuzz.Tests.Generation;
using AccelInterop.Headers;

namespace AccelInterop.Fuzz.Tests.Running;

/// <summary>
/// One fuzz run's settings. The suite uses <see cref="Suite"/>; <see cref="FromEnvironment"/> reads a long run:
/// <list type="bullet">
/// <item><c>ACCELINTEROP_FUZZ_RECORDS</c>: records × targets to compare (the issue's unit; 100000 ≈ 12,500 records on 8 targets)</item>
/// <item><c>ACCELINTEROP_FUZZ_SEED</c>: the first header's seed (header i uses seed + i)</item>
/// <item><c>ACCELINTEROP_FUZZ_FEATURES</c>: <c>all</c> (default), <c>all,-HugeMacro</c>, or a list</item>
/// <item><c>ACCELINTEROP_FUZZ_HEADER_RECORDS</c>: records per header (default 40)</item>
/// <item><c>ACCELINTEROP_FUZZ_SHRINK</c>: reproducers to shrink per mismatch class (default 2; 0 = none)</item>
/// <item><c>ACCELINTEROP_FUZZ_SHRINK_SECONDS</c>: time budget of one shrink (default 120)</item>
/// <item><c>ACCELINTEROP_FUZZ_SHRINK_ONLY</c>: shrink only mismatch classes containing this text (e.g. <c>Merged Crash</c>)</item>
/// <item><c>ACCELINTEROP_FUZZ_REPORT</c>: file to write the summary and reproducers to (default artifacts/fuzz/report.md)</item>
/// <item><c>ACCELINTEROP_FUZZ_PROCESS</c>=1: run accelgen as a child process instead of in this one</item>
/// <item><c>ACCELINTEROP_FUZZ_EMULATED</c>: targets to also run the generated C# on under qemu-user, e.g. <c>aarch64</c> (default none)</item>
/// </list>
/// </summary>
public sealed record FuzzOptions
{
    public const string RecordsVariable = "ACCELINTEROP_FUZZ_RECORDS";

    public required int Seed { get; init; }
    public required FeatureSet Features { get; init; }
    public required long RecordTargets { get; init; }
    public int RecordsPerHeader { get; init; } = 40;
    public IReadOnlyList<string> Targets { get; init; } = LinuxTargets.All.Select(t => t.Triple).ToList();
    public int ShrinksPerClass { get; init; } = 2;
    public int ShrinkEvaluations { get; init; } = 400;
    public string? ShrinkOnly { get; init; }
    public TimeSpan ShrinkBudget { get; init; } = TimeSpan.FromMinutes(2);
    public bool ChildProcess { get; init; }
    public TimeSpan AccelgenTimeout { get; init; } = TimeSpan.FromSeconds(120);
    public string? ReportPath { get; init; }

    /// <summary>Foreign targets whose .NET runtime also runs the generated C# (under qemu-user), beside this process.</summary>
    public IReadOnlyList<LinuxTarget> Emulated { get; init; } = [];

    /// <summary>How to run this configuration again.</summary>
    public string Reproduce(int seed) =>
        $"ACCELINTEROP_FUZZ_SEED={seed} ACCELINTEROP_FUZZ_RECORDS={RecordsPerHeader * Targets.Count} " +
        $"ACCELINTEROP_FUZZ_HEADER_RECORDS={RecordsPerHeader} ACCELINTEROP_FUZZ_FEATURES={Features}";

    /// <summary>
    /// The suite's run: a fixed seed, the features accelgen handles today (<see cref="WaitingForIssue10"/>),
    /// about five headers of 40 records, which takes about a minute on two cores; the C# also runs on aarch64
    /// under qemu where the emulator and the linux-arm64 runtime pack are present.
    /// </summary>
    public static FuzzOptions Suite => new()
    {
        Seed = 20260,
        Features = WaitingForIssue10.SuiteFeatures,
        RecordsPerHeader = 40,
        RecordTargets = 1600,
        ShrinksPerClass = 1,
        ShrinkEvaluations = 150,
        ShrinkBudget = TimeSpan.FromSeconds(90),
        Emulated = [LinuxTargets.AArch64],
    };

    public static FuzzOptions? FromEnvironment(string repoRoot)
    {
        if (Environment.GetEnvironmentVariable(RecordsVariable) is not { Length: > 0 } records)
        {
            return null;
        }

        string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
        return new FuzzOptions
        {
            RecordTargets = long.Parse(records),
            Seed = int.Parse(Env("ACCELINTEROP_FUZZ_SEED") ?? "1"),
            Features = FeatureSet.Parse(Env("ACCELINTEROP_FUZZ_FEATURES") ?? "all"),
            RecordsPerHeader = int.Parse(Env("ACCELINTEROP_FUZZ_HEADER_RECORDS") ?? "40"),
            ShrinksPerClass = int.Parse(Env("ACCELINTEROP_FUZZ_SHRINK") ?? "2"),
            ShrinkBudget = TimeSpan.FromSeconds(int.Parse(Env("ACCELINTEROP_FUZZ_SHRINK_SECONDS") ?? "120")),
            ShrinkOnly = Env("ACCELINTEROP_FUZZ_SHRINK_ONLY"),
            ChildProcess = Env("ACCELINTEROP_FUZZ_PROCESS") == "1",
            Emulated = (Env("ACCELINTEROP_FUZZ_EMULATED") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(LinuxTargets.Parse).ToList(),
            ReportPath = Env("ACCELINTEROP_FUZZ_REPORT") ?? Path.Combine(repoRoot, "artifacts", "fuzz", "report.md"),
        };
    }
}
