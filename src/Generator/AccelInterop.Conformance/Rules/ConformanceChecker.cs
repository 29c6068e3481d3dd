using AccelInterop.Conformance.Layout;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;

namespace AccelInterop.Conformance.Rules;

/// <summary>How <see cref="ConformanceChecker"/> runs: which targets, whether the compiler verifies layouts, suppressions.</summary>
public sealed class CheckOptions
{
    /// <summary>Targets to check; null means all of the model's.</summary>
    public IReadOnlyList<string>? Targets { get; init; }

    /// <summary>Options for the layout oracle; null skips layout verification (rules only).</summary>
    public LayoutProbeOptions? Layout { get; init; }

    public SuppressionFile Suppressions { get; init; } = SuppressionFile.Empty;

    /// <summary>Rules to run; null means <see cref="ConformanceChecker.DefaultRules"/>.</summary>
    public IReadOnlyList<IUapiRule>? Rules { get; init; }

    /// <summary>The uAPI's reviewed ABI facts (docs/annotations.md), the same the emitter binds.</summary>
    public AbiFacts Facts { get; init; } = AbiFacts.None;
}

/// <summary><c>accelgen check</c>'s engine: layout verification through <see cref="LayoutOracle"/> plus the ioctl design rules.</summary>
public static class ConformanceChecker
{
    public static IReadOnlyList<IUapiRule> DefaultRules { get; } =
    [
        new ImplicitHoleRule(), new TailPaddingRule(), new TargetDivergenceRule(), new ArchDependentTypeRule(),
        new BitfieldRule(), new EnumMemberRule(), new SizeNotMultipleOf8Rule(), new SizeTypeRequestRule(),
        new ArchDependentConstantRule(), new DirectionOutputRule(), new DuplicateRequestNumberRule(),
        new RequestSizeOverflowRule(),
    ];

    public static CheckReport Check(UapiModel model, CheckOptions options)
    {
        var targets = options.Targets ?? model.Targets;
        foreach (var t in targets)
        {
            if (!model.Targets.Contains(t))
            {
                throw new ArgumentException($"the model has no target {t} (it has {string.Join(", ", model.Targets)})");
            }
        }

        var all = new List<CheckFinding>();
        var layoutSummary = new List<string>();
        if (options.Layout != null)
        {
            foreach (var t in targets)
            {
                var v = LayoutOracle.Verify(model, t, options.Layout);
                layoutSummary.Add(v.ToString());
                all.AddRange(v.Findings.Select(LayoutFindings.From));
            }
        }
        var context = new RuleContext(model, targets, options.Facts);
        foreach (var rule in options.Rules ?? DefaultRules)
        {
            all.AddRange(rule.Check(context));
        }

        var kept = new List<CheckFinding>();
        var suppressed = new List<(CheckFinding, Suppression)>();
        foreach (var f in all)
        {
            if (options.Suppressions.Match(f) is { } s)
            {
                suppressed.Add((f, s));
            }
            else
            {
                kept.Add(f);
            }
        }
        return new CheckReport(model, targets, Sort(kept), suppressed, layoutSummary);
    }

    private static List<CheckFinding> Sort(IEnumerable<CheckFinding> findings) =>
        findings.OrderBy(f => f.Location?.File ?? "", StringComparer.Ordinal).ThenBy(f => f.Location?.Line ?? 0)
            .ThenBy(f => f.Rule.Id, StringComparer.Ordinal).ThenBy(f => f.Symbol, StringComparer.Ordinal)
            .ThenBy(f => f.Member ?? "", StringComparer.Ordinal).ToList();
}
