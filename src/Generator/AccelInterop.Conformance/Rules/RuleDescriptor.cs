namespace AccelInterop.Conformance.Rules;

/// <summary>What a rule is: its stable ID, a short name, its severity and a one-sentence summary.</summary>
/// <param name="Id">Stable identifier, e.g. <c>UAPI-R001</c>; used in suppression files and SARIF.</param>
/// <param name="Name">PascalCase name for SARIF's <c>rules[].name</c>.</param>
/// <param name="Summary">One sentence, shown in SARIF's <c>shortDescription</c>.</param>
public sealed record RuleDescriptor(string Id, string Name, FindingSeverity Severity, string Summary)
{
    /// <summary>Anchor of the rule's entry in docs/conformance.md.</summary>
    public string HelpAnchor => "docs/conformance.md#" + Id.ToLowerInvariant();
}
