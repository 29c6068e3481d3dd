using AccelInterop.Model;

namespace AccelInterop.Conformance.Rules;

/// <summary>
/// UAPI-R003: a uAPI struct whose size, member offsets or bit offsets are not the same on every
/// checked target (the i386 trap: <c>__u64</c> is 4-byte aligned there, so a 64-bit kernel and its
/// 32-bit callers disagree).
/// </summary>
public sealed class TargetDivergenceRule : IUapiRule
{
    public RuleDescriptor Descriptor => RuleCatalog.TargetDivergence;

    public IEnumerable<CheckFinding> Check(RuleContext context)
    {
        foreach (var record in context.Scope.Records(context.Model))
        {
            var targets = context.TargetsOf(record).ToList();
            if (targets.Count < 2)
            {
                continue;
            }

            var size = Differs(record.Size, targets);
            // Targets with members of their own (a target #if in the record) differ by their member list.
            var own = targets.Where(record.HasOwnFieldsOn).ToList();
            var shared = targets.Except(own).ToList();
            var member = record.Fields.FirstOrDefault(f => Differs(f.Offset, shared) != null
                                                           || f.Bitfield != null && Differs(f.Bitfield.BitOffset, shared) != null);
            if (size == null && member == null && own.Count == 0)
            {
                continue;
            }

            var parts = new List<string>();
            if (size != null)
            {
                parts.Add($"size {size}");
            }

            if (own.Count > 0)
            {
                parts.Add($"other members on {TargetList.Short(own)}");
            }

            if (member != null)
            {
                parts.Add($"offset of {member.Name ?? "an anonymous member"} {Differs(member.Offset, shared) ?? Differs(member.Bitfield!.BitOffset, shared) + " bits"}");
            }

            yield return context.Finding(Descriptor, record.Id, member?.Name,
                $"{RuleContext.Spell(record)} has a layout that differs between targets: {string.Join("; ", parts)}",
                record.Location, targets);
        }
    }

    /// <summary>"24 on a, b; 20 on c" when the value is not the same on all <paramref name="targets"/>, else null.</summary>
    internal static string? Differs(PerTarget<long> value, IReadOnlyList<string> targets)
    {
        var groups = targets.GroupBy(value.For).ToList();
        if (groups.Count < 2)
        {
            return null;
        }

        return string.Join(" vs ", groups.Select(g => $"{g.Key} on {TargetList.Short(g)}"));
    }
}
