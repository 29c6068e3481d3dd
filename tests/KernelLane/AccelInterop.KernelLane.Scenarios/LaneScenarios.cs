namespace AccelInterop.KernelLane;

/// <summary>Every scenario of the lane, in transcript order.</summary>
public static class LaneScenarios
{
    /// <summary>Runs the scenarios on <paramref name="host"/>, one transcript line per step; the step count.</summary>
    public static int Run(ILaneHost host, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(host);
        var transcript = new Transcript(output);
        DrmCoreScenario.Run(host, transcript);
        DmaBufScenario.Run(host, transcript);
        HeapAndUdmabufScenario.Run(host, transcript);
        VfioScenario.Run(host, transcript);
        return transcript.Steps;
    }
}
