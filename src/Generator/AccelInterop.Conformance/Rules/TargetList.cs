using AccelInterop.Model.Targets;

namespace AccelInterop.Conformance.Rules;

/// <summary>Spells a set of targets for messages: "all targets" or the triples.</summary>
public static class TargetList
{
    public static string Describe(IReadOnlyList<string> targets, IReadOnlyList<string> all) =>
        all.Count > 1 && targets.Count == all.Count && all.All(targets.Contains)
            ? "all targets"
            : string.Join(", ", targets);

    /// <summary>The triples short, for lists inside messages: <c>x86_64, i386, arm</c>.</summary>
    public static string Short(IEnumerable<string> targets) => string.Join(", ", targets.Select(Short));

    /// <summary>The target table's short name of a triple; the triple itself outside the table.</summary>
    public static string Short(string target) => LinuxTargets.Find(target)?.ShortName ?? target;
}
