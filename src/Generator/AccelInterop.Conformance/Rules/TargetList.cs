namespace AccelInterop.Conformance.Rules;

/// <summary>Spells a set of targets for messages: "all targets" or the triples.</summary>
public static class TargetList
{
    public static string Describe(IReadOnlyList<string> targets, IReadOnlyList<string> all) =>
        all.Count > 1 && targets.Count == all.Count && all.All(targets.Contains)
            ? "all targets"
            : string.Join(", ", targets);
}
