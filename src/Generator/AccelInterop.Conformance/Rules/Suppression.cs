using System.Text.RegularExpressions;

namespace AccelInterop.Conformance.Rules;

/// <summary>One line of a suppression file: a rule ID (or <c>*</c>) and a symbol pattern (<c>*</c> and <c>?</c> wildcards).</summary>
public sealed class Suppression
{
    private readonly Regex _symbol;

    public Suppression(string ruleId, string symbolPattern, string? reason, int line)
    {
        RuleId = ruleId;
        SymbolPattern = symbolPattern;
        Reason = reason;
        Line = line;
        _symbol = new Regex("^" + Regex.Escape(symbolPattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
            RegexOptions.CultureInvariant);
    }

    public string RuleId { get; }
    public string SymbolPattern { get; }
    public string? Reason { get; }
    public int Line { get; }

    public bool Matches(CheckFinding finding) =>
        (RuleId == "*" || string.Equals(RuleId, finding.Rule.Id, StringComparison.OrdinalIgnoreCase))
        && _symbol.IsMatch(finding.Symbol);
}
