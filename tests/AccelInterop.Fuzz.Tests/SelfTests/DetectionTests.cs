using System.Text.Json.Nodes;
using AccelInterop.Fuzz.Tests.Generation;
using AccelInterop.Fuzz.Tests.Paths;
using AccelInterop.Fuzz.Tests.Running;

namespace AccelInterop.Fuzz.Tests.SelfTests;

/// <summary>
/// The fuzzer can fail: a planted error in what accelgen prints or in what the generated C# reports is
/// found on the right path and kind, and shrinks to the record it is about.
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class DetectionTests
{
    private static readonly string[] Targets = [LinuxTargets.X86_64.Triple, LinuxTargets.S390X.Triple];

    private static FuzzOptions Options => FuzzOptions.Suite with { Targets = Targets, ShrinkEvaluations = 80 };

    [SkippableFact]
    public void A_wrong_offset_printed_by_facts_is_an_offset_mismatch_of_the_facts_path_and_shrinks_to_its_record()
    {
        FuzzEnvironment.SkipUnlessAvailable();
        var runner = new FuzzRunner(Options, FuzzEnvironment.Headers, _ => { }, accelgen: new FirstOffsetShifted());
        var header = HeaderGenerator.Generate(5, FeatureSet.Parse("NestedRecords,Enums"), 6);
        var found = runner.Evaluate(header, new FuzzRunner.Scope(Targets, Only: FuzzPath.Facts), new PathTimings(), new CSharpTally(),
            out _, out _, out var error);

        Assert.True(found != null, error);
        var planted = Assert.Single(found, m => m.Target == Targets[1]);
        Assert.Equal((FuzzPath.Facts, MismatchKind.Offset), (planted.Path, planted.Kind));
        var reproducer = runner.Shrink(5, header, planted);
        var record = Assert.IsType<RecordDecl>(Assert.Single(reproducer.Minimal.Decls));
        Assert.Equal(planted.Owner, record.Body.Tag ?? record.Typedef);
    }

    [SkippableFact]
    public void A_wrong_size_in_a_generated_layout_table_is_a_size_mismatch_of_the_csharp_path()
    {
        FuzzEnvironment.SkipUnlessAvailable();
        var runner = new FuzzRunner(Options, FuzzEnvironment.Headers, _ => { }, csharp: [new S390xSizeTableBent()]);
        var header = HeaderGenerator.Generate(6, FeatureSet.Parse("Bitfields,NestedRecords"), 5);
        var tally = new CSharpTally();
        var found = runner.Evaluate(header, new FuzzRunner.Scope(Targets, Only: FuzzPath.CSharp), new PathTimings(), tally,
            out _, out _, out var error);

        Assert.True(found != null, error);
        var planted = Assert.Single(found);
        Assert.Equal((FuzzPath.CSharp, "table", MismatchKind.Size, Targets[1]), (planted.Path, planted.Aspect, planted.Kind, planted.Target));
        Assert.True(tally.ComparedRows > 10);
    }

    /// <summary>accelgen, except that <c>facts --header</c> on s390x moves the first member of the first record by one byte.</summary>
    private sealed class FirstOffsetShifted : IAccelgen
    {
        private readonly InProcessAccelgen _real = new(TimeSpan.FromMinutes(2));

        public AccelgenOutcome Run(IReadOnlyList<string> args)
        {
            var outcome = _real.Run(args);
            if (args[0] != "facts" || !args.Contains("--header") || !args.Contains(Targets[1]) || outcome.ExitCode != 0)
            {
                return outcome;
            }

            var json = JsonNode.Parse(outcome.Stdout)!;
            var fields = json["records"]!.AsObject().Select(r => r.Value!["fields"]!.AsObject()).FirstOrDefault(f => f.Count > 0);
            if (fields == null)
            {
                return outcome;
            }

            var first = fields.First();
            fields[first.Key] = first.Value!.GetValue<long>() + 1;
            return outcome with { Stdout = json.ToJsonString() };
        }
    }

    /// <summary>The in-process C# runner, except that the report's first s390x size row expects 8 bytes more.</summary>
    private sealed class S390xSizeTableBent : IGeneratedCodeRunner
    {
        private readonly InProcessGeneratedRunner _real = new();

        public string Target => _real.Target;

        public GeneratedRun Run(IReadOnlyList<(string Path, string Text)> sources, string ns)
        {
            var run = _real.Run(sources, ns);
            if (run.Report == null)
            {
                return run;
            }

            var lines = run.Report.Split('\n').ToList();
            var at = lines.FindIndex(l => l.Split(' ') is ["row", "5", var symbol, _, var expected] && !symbol.Contains('.') && long.Parse(expected) >= 0);
            var p = lines[at].Split(' ');
            lines[at] = $"row 5 {p[2]} {p[3]} {long.Parse(p[4]) + 8}";
            return run with { Report = string.Join('\n', lines) };
        }
    }
}
