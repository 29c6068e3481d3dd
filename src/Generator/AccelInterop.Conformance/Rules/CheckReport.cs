using AccelInterop.Model;

namespace AccelInterop.Conformance.Rules;

/// <summary>What <c>accelgen check</c> found: the findings that count, the suppressed ones, and what the oracle checked.</summary>
public sealed class CheckReport
{
    public CheckReport(UapiModel model, IReadOnlyList<string> targets, IReadOnlyList<CheckFinding> findings,
        IReadOnlyList<(CheckFinding Finding, Suppression By)> suppressed, IReadOnlyList<string> layoutSummary)
    {
        Model = model;
        Targets = targets;
        Findings = findings;
        Suppressed = suppressed;
        LayoutSummary = layoutSummary;
    }

    public UapiModel Model { get; }
    public IReadOnlyList<string> Targets { get; }

    /// <summary>Findings not suppressed, sorted by file, line, rule and symbol.</summary>
    public IReadOnlyList<CheckFinding> Findings { get; }

    public IReadOnlyList<(CheckFinding Finding, Suppression By)> Suppressed { get; }

    /// <summary>One line per target the layout oracle verified (empty when it was not run).</summary>
    public IReadOnlyList<string> LayoutSummary { get; }

    public int Count(FindingSeverity severity) => Findings.Count(f => f.Severity == severity);

    /// <summary>1 when any finding is a warning or an error, else 0.</summary>
    public int ExitCode => Findings.Any(f => f.Severity >= FindingSeverity.Warning) ? 1 : 0;

    public IReadOnlyDictionary<string, int> CountsByRule() =>
        Findings.GroupBy(f => f.Rule.Id).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    public string Summary() =>
        $"{Findings.Count} finding(s): {Count(FindingSeverity.Error)} error(s), {Count(FindingSeverity.Warning)} warning(s), " +
        $"{Count(FindingSeverity.Note)} note(s); {Suppressed.Count} suppressed; {Targets.Count} target(s)";
}
