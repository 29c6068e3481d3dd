namespace AccelInterop.KernelLane.Tests;

/// <summary>
/// Compares two transcripts step by step: lines are matched by their tag (each names one step), so a
/// step missing on one side is one difference rather than a shift of every later line. A difference
/// names the step and shows both lines.
/// </summary>
internal static class TranscriptComparison
{
    public sealed record Result(IReadOnlyList<string> Differences, int Agreeing, int Steps)
    {
        public override string ToString() =>
            $"{Differences.Count} of {Steps} steps differ ({Agreeing} agree):\n{string.Join("\n", Differences)}";
    }

    public static Result Compare(IReadOnlyList<string> real, IReadOnlyList<string> simulated)
    {
        var simulatedByTag = simulated.Select((line, index) => (line, index)).ToDictionary(e => Tag(e.line), e => e);
        var differences = new List<string>();
        int agreeing = 0;
        int lastMatched = -1;
        foreach (string line in real)
        {
            string tag = Tag(line);
            if (!simulatedByTag.Remove(tag, out var match))
            {
                differences.Add($"step {tag}:\n  real:      {line}\n  simulated: (no such step)");
                continue;
            }

            if (match.line != line)
            {
                differences.Add($"step {tag}:\n  real:      {line}\n  simulated: {match.line}");
            }
            else if (match.index < lastMatched)
            {
                differences.Add($"step {tag}: the simulation runs it earlier than the real kernel did");
            }
            else
            {
                agreeing++;
            }

            lastMatched = Math.Max(lastMatched, match.index);
        }

        foreach (var (line, _) in simulatedByTag.Values.OrderBy(e => e.index))
        {
            differences.Add($"step {Tag(line)}:\n  real:      (no such step)\n  simulated: {line}");
        }

        return new Result(differences, agreeing, real.Count + simulatedByTag.Count);
    }

    private static string Tag(string line)
    {
        int end = line.IndexOf(' ', StringComparison.Ordinal);
        return end < 0 ? line : line[..end];
    }
}
