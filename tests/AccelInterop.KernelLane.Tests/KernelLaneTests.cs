using Xunit.Abstractions;

namespace AccelInterop.KernelLane.Tests;

/// <summary>
/// The real kernel as the simulation's referee: the lane's scenarios on the simulated kernel must
/// answer line for line as Linux did, both against the recorded transcript (always) and against a
/// fresh VM run (where QEMU and the Debian packages can be had).
/// </summary>
public sealed class KernelLaneTests(ITestOutputHelper output)
{
    [Fact]
    public void The_simulation_answers_every_step_as_the_recorded_real_kernel()
    {
        IReadOnlyList<string> real = Transcripts.Recorded();
        IReadOnlyList<string> simulated = Transcripts.Simulated();
        AssertAgree(real, simulated);
    }

    [SkippableFact]
    [Trait(Needs.Key, Needs.VirtualMachine)]
    public void The_real_kernel_in_a_VM_answers_every_step_as_the_simulation()
    {
        KernelLaneVm.Outcome vm = KernelLaneVm.Run();
        Skip.If(vm.Unavailable is not null, vm.Unavailable);
        output.WriteLine($"VM run: {vm.Elapsed.TotalSeconds:0.0} s, {vm.Transcript!.Count} lines; {vm.Console.Split('\n').FirstOrDefault(l => l.StartsWith("lane: accel", StringComparison.Ordinal))}");
        if (Environment.GetEnvironmentVariable("ACCELINTEROP_LANE_RECORD") == "1")
        {
            // Recording is asked for explicitly: it rewrites a tracked file, to be reviewed as a diff.
            string temporary = Transcripts.RecordedPath + ".tmp";
            File.WriteAllText(temporary, string.Join("\n", vm.Transcript) + "\n");
            File.Move(temporary, Transcripts.RecordedPath, overwrite: true);
        }

        Assert.Equal(Transcripts.Recorded(), vm.Transcript);
        AssertAgree(vm.Transcript, Transcripts.Simulated());
    }

    private void AssertAgree(IReadOnlyList<string> real, IReadOnlyList<string> simulated)
    {
        TranscriptComparison.Result result = TranscriptComparison.Compare(real, simulated);
        output.WriteLine($"{result.Agreeing} of {result.Steps} steps agree");
        Assert.True(result.Differences.Count == 0, result.ToString());
    }
}
