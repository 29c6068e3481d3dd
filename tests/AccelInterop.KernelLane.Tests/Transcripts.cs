namespace AccelInterop.KernelLane.Tests;

/// <summary>The simulated side's transcript, and the real kernel's as recorded in the repository.</summary>
internal static class Transcripts
{
    /// <summary>The Debian kernel release the lane boots; its recorded answers are <see cref="RecordedPath"/>.</summary>
    public const string Release = "7.2.13+deb14-amd64";

    /// <summary>The committed transcript of the real kernel (ACCELINTEROP_LANE_RECORD=1 on the VM test rewrites it).</summary>
    public static string RecordedPath { get; } = Path.Combine(Checkout.Root, "tests", "AccelInterop.KernelLane.Tests", $"real-{Release}.transcript");

    public static IReadOnlyList<string> Recorded() => Lines(File.ReadAllText(RecordedPath));

    public static IReadOnlyList<string> Simulated()
    {
        using var host = new SimulatedLaneHost();
        var output = new StringWriter();
        LaneScenarios.Run(host, output);
        return Lines(output.ToString());
    }

    public static IReadOnlyList<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
}
