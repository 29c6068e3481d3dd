using AccelInterop.Model;

namespace AccelInterop.Conformance.Rules;

/// <summary>UAPI-R007: a struct holding a 64-bit integer whose size is not a multiple of 8 on some target.</summary>
public sealed class SizeNotMultipleOf8Rule : IUapiRule
{
    public RuleDescriptor Descriptor => RuleCatalog.SizeNotMultipleOf8;

    public IEnumerable<CheckFinding> Check(RuleContext context)
    {
        foreach (var record in context.Scope.Records(context.Model))
        {
            if (record.Kind != RecordKind.Struct || record.Parent != null)
            {
                continue;
            }

            var bad = context.TargetsOf(record)
                .Where(t => record.Size.For(t) % 8 != 0 && Holds64(context.Model, record, t, 0) is not null).ToList();
            if (bad.Count == 0)
            {
                continue;
            }

            var member = Holds64(context.Model, record, bad[0], 0)!;
            var sizes = string.Join(", ", bad.GroupBy(record.Size.For).Select(g => $"{g.Key} on {TargetList.Short(g)}"));
            yield return context.Finding(Descriptor, record.Id, member,
                $"{RuleContext.Spell(record)} has a 64-bit member ({member}) but its size is not a multiple of 8 ({sizes}); pad it explicitly to a multiple of 8",
                record.Location, bad);
        }
    }

    /// <summary>The path of the first 64-bit integer member (looking into nested records), or null.</summary>
    private static string? Holds64(UapiModel model, RecordDecl record, string target, int depth)
    {
        if (depth > 32)
        {
            return null;
        }

        foreach (var f in record.FieldsOn(target))
        {
            if (f.Bitfield != null)
            {
                continue;
            }

            if (CTypes.Is64BitInteger(model, f, target))
            {
                return f.Name ?? "(anonymous)";
            }

            var element = CTypes.Element(model, f.Type, target);
            if (element.Kind == TypeRefKind.Record && model.FindRecord(element.Name!) is { } nested
                && Holds64(model, nested, target, depth + 1) is { } inner)
            {
                return f.Name == null ? inner : f.Name + "." + inner;
            }
        }
        return null;
    }
}
