using AccelInterop.Model;

namespace AccelInterop.Conformance.Rules;

/// <summary>UAPI-R006: a uAPI struct member declared with an enum type.</summary>
public sealed class EnumMemberRule : IUapiRule
{
    public RuleDescriptor Descriptor => RuleCatalog.EnumMember;

    public IEnumerable<CheckFinding> Check(RuleContext context)
    {
        foreach (var record in context.Scope.Records(context.Model))
        {
            foreach (var f in record.Fields)
            {
                var targets = context.TargetsOf(record)
                    .Where(t => CTypes.Element(context.Model, f.Type, t).Kind == TypeRefKind.Enum).ToList();
                if (targets.Count == 0)
                {
                    continue;
                }

                yield return context.Finding(Descriptor, record.Id, f.Name,
                    $"{RuleContext.Spell(record)}.{f.Name ?? "(anonymous)"} has an enum type ({EnumSpelling(context.Model, f.Type, targets[0])}); an enum's size is the compiler's choice, use __u32 and document the values",
                    RuleContext.At(record, f), targets);
            }
        }
    }

    private static string EnumSpelling(UapiModel model, TypeRef type, string target)
    {
        var e = CTypes.Element(model, type, target);
        var decl = model.FindEnum(e.Name!);
        var name = decl?.Tag != null ? "enum " + decl.Tag : decl?.TypedefName ?? "an anonymous enum";
        return type.Kind == TypeRefKind.Typedef ? $"{type.Name}: {name}" : name;
    }
}
