namespace AccelInterop.Conformance.Rules;

/// <summary>UAPI-R005: bitfields in a uAPI struct (one finding per struct, naming its bitfields).</summary>
public sealed class BitfieldRule : IUapiRule
{
    public RuleDescriptor Descriptor => RuleCatalog.Bitfield;

    public IEnumerable<CheckFinding> Check(RuleContext context)
    {
        foreach (var record in context.Scope.Records(context.Model))
        {
            var bitfields = record.AllFields.Where(f => f.Bitfield != null).ToList();
            if (bitfields.Count == 0)
            {
                continue;
            }

            var names = string.Join(", ", bitfields.Select(b => $"{b.Name ?? "(unnamed)"}:{b.Bitfield!.BitWidth}"));
            yield return context.Finding(Descriptor, record.Id, bitfields[0].Name,
                $"{RuleContext.Spell(record)} has bitfields ({names}); their bit order differs between ABIs (big-endian allocates from the top); use a __u32/__u64 with mask macros",
                RuleContext.At(record, bitfields[0]), context.TargetsOf(record));
        }
    }
}
