using AccelInterop.Model;

namespace AccelInterop.Conformance.Rules;

/// <summary>
/// One problem <c>accelgen check</c> found: which rule, which symbol (record id, request or
/// constant name) and member, on which targets, and where in the headers.
/// </summary>
public sealed record CheckFinding(RuleDescriptor Rule, string Symbol, string? Member, string Message,
    SourceLocation? Location, IReadOnlyList<string> Targets)
{
    public FindingSeverity Severity => Rule.Severity;

    /// <summary>The human form: <c>file:line: ID message [targets]</c>.</summary>
    public string Format(IReadOnlyList<string> modelTargets)
    {
        var where = Location == null ? "<model>" : Location.ToString();
        return $"{where}: {Rule.Id} {Severity.ToString().ToLowerInvariant()}: {Message} [{TargetList.Describe(Targets, modelTargets)}]";
    }
}
