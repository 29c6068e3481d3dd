using AccelInterop.Fuzz.Tests.Running;
using Xunit.Abstractions;

namespace AccelInterop.Fuzz.Tests;

/// <summary>
/// Issue 10's differential fuzzer: random uAPI-style headers through facts per target, the merged model
/// and the generated C#, against clang on all eight targets and gcc on x86_64 and i386.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class DifferentialFuzzTests(ITestOutputHelper output)
{
    /// <summary>The suite's fixed-seed run, once per process: both facts below read it.</summary>
    private static readonly Lazy<(FuzzResult Result, string Log)> SuiteRun = new(() =>
    {
        var log = new System.Text.StringBuilder();
        var result = new FuzzRunner(FuzzOptions.Suite, FuzzEnvironment.Headers, line => log.AppendLine(line)).Run();
        return (result, log.ToString());
    });

    [SkippableFact]
    public void Fixed_seed_run_matches_the_compilers_on_every_path()
    {
        FuzzEnvironment.SkipUnlessAvailable();
        var (result, log) = SuiteRun.Value;
        output.WriteLine(log);
        output.WriteLine(result.Summary());
        // Not vacuous: every header compiled and the C# path compared real rows.
        Assert.True(result.Headers >= 4 && result.ProbeFailures.Count == 0 && result.Tally.ComparedRows > 1000, result.Summary());
        if (result.Mismatches.Count > 0)
        {
            Assert.Fail($"{result.Report()}\nrun again: {result.Options.Reproduce(result.Mismatches[0].Seed)}\n" +
                "(if a feature of WaitingForIssue10 was switched on, this is what accelgen still gets wrong there)");
        }
    }

    /// <summary>
    /// The same run's C# compiled here and run by linux-arm64 .NET under qemu-aarch64: its structs' offsets and
    /// bitfields, constants and requests against clang --target=aarch64-linux-gnu.
    /// </summary>
    [SkippableFact]
    public void Fixed_seed_run_lays_out_the_CSharp_as_the_compiler_on_aarch64_under_qemu()
    {
        FuzzEnvironment.SkipUnlessAvailable();
        var aarch64 = LinuxTargets.AArch64.Triple;
        Skip.If(LinuxTargets.Current == LinuxTargets.AArch64, "this process runs on aarch64: the in-process run covers it");
        var (result, _) = SuiteRun.Value;
        Skip.If(result.EmulationUnavailable.TryGetValue(aarch64, out var why), why);
        output.WriteLine(result.Summary());
        // Not vacuous: the emulated runtime laid out and compared real rows on its own column.
        Assert.True(result.Tally.CompiledRows.GetValueOrDefault(aarch64) > 300, result.Summary());
        var found = result.Mismatches.Where(m => m.Mismatch.Path == FuzzPath.CSharp && m.Mismatch.Target == aarch64).ToList();
        Assert.True(found.Count == 0, string.Join("\n", found.Take(20).Select(m => $"seed {m.Seed}: {m.Mismatch}")));
    }

    [SkippableFact]
    public void Long_run_from_the_environment()
    {
        FuzzEnvironment.SkipUnlessAvailable();
        var options = FuzzOptions.FromEnvironment(FuzzEnvironment.Headers.RepoRoot);
        Skip.If(options == null, $"a long run: set {FuzzOptions.RecordsVariable} (records x targets, e.g. 100000), optionally ACCELINTEROP_FUZZ_SEED/FEATURES");
        void Write(FuzzResult r)
        {
            if (options!.ReportPath == null)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(options.ReportPath)!);
            File.WriteAllText(options.ReportPath + ".tmp", r.Report());
            File.Move(options.ReportPath + ".tmp", options.ReportPath, overwrite: true);
        }
        var result = new FuzzRunner(options!, FuzzEnvironment.Headers, Log).Run(Write);
        Write(result);
        var report = result.Report();
        output.WriteLine(report);
        Assert.True(result.Mismatches.Count == 0 && result.EmulationUnavailable.Count == 0, report);
    }

    /// <summary>Prints the header a seed generates (ACCELINTEROP_FUZZ_SHOW=seed, with the run's features and size).</summary>
    [SkippableFact]
    public void Header_of_a_seed()
    {
        Skip.IfNot(int.TryParse(Environment.GetEnvironmentVariable("ACCELINTEROP_FUZZ_SHOW"), out var seed),
            "prints one generated header: set ACCELINTEROP_FUZZ_SHOW=seed (and ACCELINTEROP_FUZZ_FEATURES, ACCELINTEROP_FUZZ_HEADER_RECORDS)");
        var features = Generation.FeatureSet.Parse(Environment.GetEnvironmentVariable("ACCELINTEROP_FUZZ_FEATURES") ?? "all");
        var records = int.TryParse(Environment.GetEnvironmentVariable("ACCELINTEROP_FUZZ_HEADER_RECORDS"), out var n) ? n : 40;
        var text = Generation.HeaderWriter.Write(Generation.HeaderGenerator.Generate(seed, features, records));
        output.WriteLine(text);
        Console.Out.WriteLine(text);
    }

    private void Log(string line)
    {
        output.WriteLine(line);
        Console.Error.WriteLine(line);
    }
}
