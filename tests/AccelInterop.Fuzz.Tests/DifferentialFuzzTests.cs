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
    [SkippableFact]
    public void Fixed_seed_run_matches_the_compilers_on_every_path()
    {
        FuzzEnvironment.SkipUnlessAvailable();
        var options = FuzzOptions.Suite;
        var result = new FuzzRunner(options, FuzzEnvironment.Headers, output.WriteLine).Run();
        output.WriteLine(result.Summary());
        // Not vacuous: every header compiled and the C# path compared real rows.
        Assert.True(result.Headers >= 4 && result.ProbeFailures.Count == 0 && result.Tally.ComparedRows > 1000, result.Summary());
        if (result.Mismatches.Count > 0)
        {
            Assert.Fail($"{result.Report()}\nrun again: {options.Reproduce(result.Mismatches[0].Seed)}\n" +
                "(if a feature of WaitingForIssue10 was switched on, this is what accelgen still gets wrong there)");
        }
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
        Assert.True(result.Mismatches.Count == 0, report);
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
