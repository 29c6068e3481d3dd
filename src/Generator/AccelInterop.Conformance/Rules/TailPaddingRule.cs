namespace AccelInterop.Conformance.Rules;

/// <summary>UAPI-R002: implicit padding at the end of a uAPI struct or union.</summary>
public sealed class TailPaddingRule : IUapiRule
{
    public RuleDescriptor Descriptor => RuleCatalog.TailPadding;

    public IEnumerable<CheckFinding> Check(RuleContext context)
    {
        foreach (var record in context.Scope.Records(context.Model))
        {
            if (record.IsPacked)
            {
                continue;
            }

            var tails = new Dictionary<(string? After, long Bits), List<string>>();
            foreach (var t in context.TargetsOf(record))
            {
                foreach (var g in PaddingScanner.Gaps(record, t).Where(g => g.IsTail))
                {
                    if (!tails.TryGetValue((g.After, g.Bits), out var list))
                    {
                        tails[(g.After, g.Bits)] = list = [];
                    }

                    list.Add(t);
                }
            }

            foreach (var ((after, bits), targets) in tails)
            {
                var what = after == null ? "after its widest member" : $"after {after}";
                yield return context.Finding(Descriptor, record.Id, null,
                    $"{RuleContext.Spell(record)} has {PaddingScanner.Describe(bits)} of implicit tail padding {what}; make it an explicit member",
                    record.Location, targets);
            }
        }
    }
}
