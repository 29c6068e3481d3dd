using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.Plan;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Planning;

/// <summary>Records whose layout is the same on every target: explicit offsets, anonymous members flattened.</summary>
internal sealed partial class RecordPlanner
{
    private RecordPlan PlanExplicit(RecordDecl r)
    {
        var size = r.Size.Value;
        var plan = new RecordPlan(r, NewStruct(r, true, size));
        var aligns = TargetsOf(r).ToDictionary(t => t.Triple, _ => 1L);
        var storages = new HashSet<string>(StringComparer.Ordinal);
        Flatten(plan, r, 0, aligns, storages);
        if (size == 0)
        {
            MarkAll(plan); // C's empty struct has no .NET counterpart (size 1)
        }

        var pack = r.IsPacked ? 1 : PackFor(plan, aligns);
        foreach (var t in TargetsOf(r))
        {
            if (!plan.Unsupported.Contains(t.Triple))
            {
                plan.NetLayouts[t.Triple] = new NetLayout(size, Math.Min(aligns[t.Triple], pack));
            }
        }

        return plan;
    }

    /// <summary>
    /// A record C aligns less than its members (<c>#pragma pack(2)</c> around a <c>__u64</c>) would be
    /// aligned, and padded in arrays, by its most aligned .NET field: it gets the C alignment as
    /// <c>Pack</c>. A target where that still does not give C's alignment is not bound.
    /// </summary>
    private long PackFor(RecordPlan plan, Dictionary<string, long> aligns)
    {
        var r = plan.Decl;
        var over = TargetsOf(r).Where(t => aligns[t.Triple] > r.Align.For(t.Triple)).ToList();
        if (over.Count == 0)
        {
            return long.MaxValue;
        }

        var pack = over.Min(t => r.Align.For(t.Triple));
        foreach (var t in TargetsOf(r))
        {
            if (Math.Min(aligns[t.Triple], pack) != r.Align.For(t.Triple))
            {
                plan.Unsupported.Add(t.Triple);
            }
        }

        plan.Struct.Pack = pack;
        return pack;
    }

    private void Flatten(RecordPlan plan, RecordDecl owner, long baseOffset, Dictionary<string, long> aligns, HashSet<string> storages)
    {
        var top = plan.Decl;
        foreach (var f in owner.Fields)
        {
            if (f.Name == null)
            {
                if (f.Bitfield == null && f.Type.Kind == TypeRefKind.Record && _model.FindRecord(f.Type.Name!) is RecordDecl anon)
                {
                    Flatten(plan, anon, baseOffset + f.Offset.Value, aligns, storages);
                }

                continue;
            }
            if (f.IsFlexibleArray)
            {
                // Also from inside anonymous members (a flexible array overlaid in a union).
                AddFlexible(plan, f, TargetsOf(top).ToDictionary(t => t.Triple, _ => baseOffset + f.Offset.Value));
                continue;
            }
            if (IsEmptyRecord(f))
            {
                continue;
            }

            if (f.Bitfield != null)
            {
                var unit = baseOffset + f.Offset.Value;
                var unitSize = f.Size.Value;
                var storage = PrivateName(top, $"_bitfield{unit}" + (unitSize == 4 ? "" : "_" + unitSize));
                var bit = baseOffset * 8 + f.Bitfield.BitOffset.Value - unit * 8;
                // A unit .NET cannot read as one integer, one that runs past the record's end (packed
                // records: struct { __u32 a:24; } is 3 bytes), or bits straddling it: not bound.
                if (!IsStorageSize(unitSize) || unit + unitSize > top.Size.Value || bit < 0 || bit + f.Bitfield.BitWidth > unitSize * 8)
                {
                    MarkAll(plan);
                    continue;
                }
                if (storages.Add(storage))
                {
                    // The unit aligns the .NET struct like any field (a __u64 unit under #pragma pack(4)).
                    var unitType = Mapper.MapIntegerSpellings(_ => UnsignedSpelling(unitSize));
                    foreach (var t in TargetsOf(top))
                    {
                        if (aligns.ContainsKey(t.Triple) && unitType.Layouts.TryGetValue(t.Triple, out var ul))
                        {
                            aligns[t.Triple] = Math.Max(aligns[t.Triple], ul.Align);
                        }
                    }

                    plan.Struct.Members.Add(OwnField(storage, StorageType(unitSize), unit, true));
                }
                var fromTop = baseOffset * 8 + f.Bitfield.BitOffset.Value;
                AddBitfield(plan, owner, f, storage, unitSize, bit, TargetsOf(top).ToDictionary(t => t.Triple, _ => fromTop));
                continue;
            }
            var cs = MapField(f);
            var offset = baseOffset + f.Offset.Value;
            foreach (var t in TargetsOf(top))
            {
                if (!cs.Layouts.TryGetValue(t.Triple, out var l) || l.Size != f.Size.For(t.Triple))
                {
                    plan.Unsupported.Add(t.Triple);
                }
                else if (aligns.ContainsKey(t.Triple))
                {
                    aligns[t.Triple] = Math.Max(aligns[t.Triple], l.Align);
                }
            }
            var m = _facts.For(top, owner, f, cs);
            var id = CsNames.Member(f.Name, plan.Struct.Name);
            var field = m.Plan(MemberKind.Field, id, cs.Name);
            field.FieldOffset = offset;
            plan.Struct.Members.Add(field);
            plan.Members.Add(new Reachable(f.Name, id, cs.Name, true, TargetsOf(top).ToDictionary(t => t.Triple, _ => offset), m));
        }
    }
}
