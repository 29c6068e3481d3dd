namespace AccelInterop.Conformance.Rules;

/// <summary>UAPI-R004: a member of a uAPI struct whose type is <c>long</c>, <c>size_t</c>, a pointer or the like.</summary>
public sealed class ArchDependentTypeRule : IUapiRule
{
    public RuleDescriptor Descriptor => RuleCatalog.ArchDependentType;

    public IEnumerable<CheckFinding> Check(RuleContext context)
    {
        foreach (var record in context.Scope.Records(context.Model))
        {
            foreach (var f in record.Fields)
            {
                var byWhy = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (var t in context.TargetsOf(record))
                {
                    if (CTypes.ArchitectureDependence(context.Model, StripArrays(f.Type), t) is not { } why)
                    {
                        continue;
                    }

                    if (!byWhy.TryGetValue(why, out var list))
                    {
                        byWhy[why] = list = [];
                    }

                    list.Add(t);
                }
                if (byWhy.Count == 0)
                {
                    continue;
                }

                var first = byWhy.First();
                yield return context.Finding(Descriptor, record.Id, f.Name,
                    $"{RuleContext.Spell(record)}.{f.Name ?? "(anonymous)"} has type {Spelled(f.Type, first.Key)}, whose size depends on the architecture; use __u64 (for pointers: u64_to_user_ptr) or a fixed-width __u32",
                    RuleContext.At(record, f), byWhy.Values.SelectMany(l => l).Distinct());
            }
        }
    }

    private static string Spelled(Model.TypeRef type, string chain) =>
        chain == type.ToString() ? chain : $"{type} ({chain})";

    private static Model.TypeRef StripArrays(Model.TypeRef type)
    {
        while (type.Kind == Model.TypeRefKind.Array)
        {
            type = type.Element!;
        }

        return type;
    }
}
