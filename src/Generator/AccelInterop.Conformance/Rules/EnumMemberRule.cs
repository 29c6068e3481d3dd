using AccelInterop.Model;

namespace AccelInterop.Conformance.Rules;

/// <summary>UAPI-R006: a uAPI struct member declared with an enum type.</summary>
public sealed class EnumMemberRule : IUapiRule
{
    public RuleDescriptor Descriptor => RuleCatalog.EnumMember;

    public IEnumerable<CheckFinding> Check(RuleContext context)
    {
        foreach (var record in context.Scope.Records(context.Model))
            foreach (var f in record.Fields)
            {
                var targets = context.TargetsOf(record)
                    .Where(t => CTypes.Element(context.Model, f.Type, t).Kind == TypeRefKind.Enum).ToList();
                if (targets.Count == 0) continue;
                yield return context.Finding(Descriptor, record.Id, f.Name,
                    $"{RuleContext.Spell(record)}.{f.Name ?? "(anonymous)"} has enum type {f.Type}; an enum's size is the compiler's choice, use __u32 and document the values",
                    RuleContext.At(record, f), targets);
            }
    }
}
