using AccelInterop.Model;

namespace AccelInterop.Conformance.Rules;

/// <summary>UAPI-R001: an implicit hole between two members of a uAPI struct.</summary>
public sealed class ImplicitHoleRule : IUapiRule
{
    public RuleDescriptor Descriptor => RuleCatalog.ImplicitHole;

    public IEnumerable<CheckFinding> Check(RuleContext context)
    {
        foreach (var record in context.Scope.Records(context.Model))
        {
            if (record.IsPacked)
            {
                continue;
            }

            var holes = new Dictionary<(string? After, FieldDecl Before, long Bits), List<string>>();
            foreach (var t in context.TargetsOf(record))
            {
                foreach (var g in PaddingScanner.Gaps(record, t).Where(g => !g.IsTail))
                {
                    var key = (g.After, g.Before!, g.Bits);
                    if (!holes.TryGetValue(key, out var list))
                    {
                        holes[key] = list = [];
                    }

                    list.Add(t);
                }
            }

            foreach (var ((after, before, bits), targets) in holes)
            {
                var where = after == null ? "at the start" : $"between {after} and {before.Name ?? "an anonymous member"}";
                yield return context.Finding(Descriptor, record.Id, before.Name,
                    $"{RuleContext.Spell(record)} has an implicit hole of {PaddingScanner.Describe(bits)} {where}; add an explicit pad member",
                    RuleContext.At(record, before), targets);
            }
        }
    }
}
