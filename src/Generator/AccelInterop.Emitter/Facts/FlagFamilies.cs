using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;

namespace AccelInterop.Emitter.Facts;

/// <summary>A family of single-bit constants sharing a name prefix, bound as a <c>[Flags]</c> enum.</summary>
internal sealed class FlagFamily
{
    public FlagFamily(string prefix, IReadOnlyList<ConstantDecl> members)
    {
        Prefix = prefix;
        Members = members;
    }

    /// <summary>The shared prefix without its trailing '_' (DRM_XE_GEM_CREATE_FLAG).</summary>
    public string Prefix { get; }
    public IReadOnlyList<ConstantDecl> Members { get; }
}

/// <summary>
/// Flag families: a member takes the family its annotation names (docs/annotations.md), which must
/// be a set of distinct single bits shared by every target. <see cref="Guess"/> is the name heuristic
/// that only proposes (<c>accelgen facts --suggest</c>): a member
/// whose name contains "flag" (<c>flags</c>, <c>*_flags</c>) of record <c>r</c> takes the constants
/// named <c>R_M_*</c>, <c>R_Msingular_*</c>, <c>R_FLAG_*</c>, <c>R_FLAGS_*</c>, the same with R
/// without its last word when that is a record too (drm_xe_vm_bind_op.flags ← DRM_XE_VM_BIND_FLAG_*), or <c>R_*</c> with
/// the full record name (vfio_irq_info.flags ← VFIO_IRQ_INFO_*) when every constant with that
/// prefix has the same value on every target, each is a single bit (or 0), the bits are
/// distinct, and there are at least two of them. Enumerations that merely count (0, 1, 2,
/// 3) fail the single-bit test and stay plain constants.
/// </summary>
internal sealed class FlagFamilies
{
    private readonly Dictionary<string, List<ConstantDecl>> _byPrefix = new Dictionary<string, List<ConstantDecl>>(StringComparer.Ordinal);
    private readonly Dictionary<string, FlagFamily?> _checked = new Dictionary<string, FlagFamily?>(StringComparer.Ordinal);

    private readonly HashSet<string> _records;
    private readonly AbiFacts _facts;

    public FlagFamilies(UapiModel model, AbiFacts facts)
    {
        _facts = facts;
        _records = new HashSet<string>(model.Records.Select(r => r.Id.ToUpperInvariant()), StringComparer.Ordinal);
        foreach (var c in model.Constants)
        {
            var words = c.Name.Split('_');
            for (var n = 1; n < words.Length; n++)
            {
                var prefix = string.Join("_", words, 0, n);
                if (prefix.Length == 0)
                {
                    continue;
                }

                if (!_byPrefix.TryGetValue(prefix, out var list))
                {
                    _byPrefix[prefix] = list = new List<ConstantDecl>();
                }

                list.Add(c);
            }
        }
    }

    /// <summary>Families some member took, by prefix (ordinal), for emitting their enums.</summary>
    public IEnumerable<FlagFamily> Used =>
        _checked.Values.OfType<FlagFamily>().OrderBy(f => f.Prefix, StringComparer.Ordinal);

    /// <summary>The family the annotations give a member of a named record, or null.</summary>
    public FlagFamily? ForMember(string recordId, string member) =>
        _facts.For(recordId, member) is { Kind: AbiFactKind.Flags } fact ? Annotated(fact) : null;

    /// <summary>The family an annotation names; a prefix that is not a flag family is the annotation's error.</summary>
    public FlagFamily Annotated(MemberFact fact) =>
        Family(fact.Family!) ?? throw new ArgumentException(
            $"{_facts.Uapi}.facts.json:{fact.Line}: error: {fact.Family}_* is not a flag family (distinct single bits, the same on every target, at least two)");

    /// <summary>The heuristic's family for a member, by names only: a proposal, never bound.</summary>
    public FlagFamily? Guess(string recordId, string member)
    {
        foreach (var prefix in Candidates(recordId.ToUpperInvariant(), member.ToUpperInvariant()))
        {
            if (Family(prefix) is FlagFamily f)
            {
                return f;
            }
        }

        return null;
    }

    private IEnumerable<string> Candidates(string record, string member)
    {
        // Only members named for flags: enumerations 1, 2 (xe sync type, cpu caching) look like bits too.
        if (!member.Contains("FLAG"))
        {
            yield break;
        }

        var singular = member.EndsWith("S", StringComparison.Ordinal) ? member.Substring(0, member.Length - 1) : member;
        // The shorter name only when it is itself a record: drm_xe_vm_bind_op sits in drm_xe_vm_bind.
        var cut = record.LastIndexOf('_');
        var records = cut > 0 && _records.Contains(record.Substring(0, cut)) ? new[] { record, record.Substring(0, cut) } : new[] { record };
        foreach (var r in records)
        {
            yield return r + "_" + member;
            if (singular != member)
            {
                yield return r + "_" + singular;
            }

            yield return r + "_FLAG";
            yield return r + "_FLAGS";
        }
        // The bare record name only in full (VFIO_IRQ_INFO_* for vfio_irq_info.flags): a shortened
        // one is too broad (DRM_PRIME_CAP_* are not drm_prime_handle flags).
        yield return record;
    }

    private FlagFamily? Family(string prefix)
    {
        if (_checked.TryGetValue(prefix, out var known))
        {
            return known;
        }

        FlagFamily? family = null;
        if (_byPrefix.TryGetValue(prefix, out var members) && members.All(c => c.Value.IsUniform && IsBitOrZero(c.Value.Value)))
        {
            var bits = members.Where(c => c.Value.Value != 0).Select(c => c.Value.Value).ToList();
            if (bits.Count >= 2 && bits.Distinct().Count() == bits.Count && bits.All(v => v <= ulong.MaxValue))
            {
                family = new FlagFamily(prefix, members);
            }
        }
        _checked[prefix] = family;
        return family;
    }

    private static bool IsBitOrZero(BigInteger v) => v == 0 || (v > 0 && (v & (v - 1)) == 0);
}
