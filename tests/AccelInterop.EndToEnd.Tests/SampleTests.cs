using System.Reflection;

namespace AccelInterop.EndToEnd.Tests;

/// <summary>The samples run to the end on the simulated kernel: each checks its own results and exits 0 only when every count is back to zero.</summary>
public sealed class SampleTests
{
    [Fact]
    public void The_qda_sample_offloads_to_the_simulated_DSP_and_closes_with_every_count_at_zero()
    {
        MethodInfo main = Assembly.Load("AccelInterop.Samples.Qda").EntryPoint!;
        object? exit = main.Invoke(null, main.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        Assert.Equal(0, exit);
    }
}
