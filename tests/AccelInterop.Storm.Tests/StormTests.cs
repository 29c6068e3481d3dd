using CsCheck;
using Xunit.Abstractions;

namespace AccelInterop.Storm.Tests;

/// <summary>
/// The random-ioctl storm over every simulated device (issue 12): 4 processes x 2 threads send every
/// generated request with hostile members, pass fds, map, store into mappings, and exit during calls,
/// with faults armed by seed. A failing program shrinks to a short call list and CsCheck prints its seed.
/// The suite runs a short fixed-seed storm; ACCELINTEROP_STORM_CALLS=N runs a long one of at least N calls.
/// </summary>
public sealed class StormTests(ITestOutputHelper output)
{
    private const string LongStormVariable = "ACCELINTEROP_STORM_CALLS";

    [Fact]
    public void Deterministic_storm_replays_with_no_exception_no_hang_and_zero_counts_after_exit() =>
        Storm(deterministic: true, "0000000000001", iterations: 150, maxCalls: 200);

    [Fact]
    public void Threaded_storm_with_destroy_during_submit_and_exit_during_calls_leaves_zero_counts() =>
        Storm(deterministic: false, "0000000000002", iterations: 60, maxCalls: 400);

    [Fact]
    public void Every_generated_request_of_every_simulated_uapi_is_in_the_storm()
    {
        // The storm's requests come from the generated bindings: a uAPI added to AccelInterop.txt joins it by itself.
        Assert.Contains(StormRequest.All, r => r.Name == "DRM_IOCTL_SYNCOBJ_WAIT");
        Assert.Contains(StormRequest.All, r => r.Name == "DRM_IOCTL_AMDXDNA_EXEC_CMD");
        Assert.Contains(StormRequest.All, r => r.Name == "DMA_HEAP_IOCTL_ALLOC");
        Assert.All(StormRequest.All, r => Assert.True(r.Size == 0 || r.Fields.Length > 0, r.Name));
    }

    [SkippableFact]
    public void Long_storm_of_a_million_calls_across_4_processes_x_2_threads_with_faults_armed()
    {
        Skip.If(Environment.GetEnvironmentVariable(LongStormVariable) is not string value || !long.TryParse(value, out _),
            $"set {LongStormVariable}=1000000 to run the long storm");
        long calls = long.Parse(Environment.GetEnvironmentVariable(LongStormVariable)!);
        var stats = new StormStats();
        var runner = new StormRunner(stats);
        const int perProgram = 2000;
        try
        {
            Check.Sample(StormGen.Program(deterministic: false, perProgram / 2, perProgram, alwaysFaults: true), program => Holds(runner, program),
                iter: (int)Math.Max(1, calls / (perProgram * 3 / 4)), threads: 1, print: p => p.ToString());
        }
        finally
        {
            output.WriteLine(stats.Summary());
        }

        Assert.True(stats.Calls >= calls, $"only {stats.Calls} calls");
    }

    private void Storm(bool deterministic, string seed, int iterations, int maxCalls)
    {
        var stats = new StormStats();
        var runner = new StormRunner(stats);
        try
        {
            Check.Sample(StormGen.Program(deterministic, 1, maxCalls), program => Holds(runner, program),
                seed: seed, iter: iterations, threads: 1, print: p => p.ToString());
        }
        finally
        {
            output.WriteLine(stats.Summary());
        }
    }

    private static void Holds(StormRunner runner, StormProgram program)
    {
        List<string> failures = runner.Run(program);
        if (failures.Count > 0)
        {
            throw new StormFailure(failures);
        }
    }

    private sealed class StormFailure(List<string> failures)
        : Exception($"{failures.Count} failures:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(20).Select(f => f.Length > 600 ? f[..600] + " ..." : f))}");
}
