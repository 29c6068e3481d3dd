using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.Plan;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Planning;

/// <summary>Records whose layout differs between targets: sequential (or union) layout, replayed per target.</summary>
internal sealed partial class RecordPlanner
{
    private sealed class Slot
    {
        public Slot(CsType type, Func<string, long?> modelOffset)
        {
            Type = type;
            ModelOffset = modelOffset;
        }

        public CsType Type { get; }
        public Func<string, long?> ModelOffset { get; }
    }

    private RecordPlan PlanDivergent(RecordDecl r)
    {
        var union = r.Kind == RecordKind.Union;
        var plan = new RecordPlan(r, NewStruct(r, union, null));
        var slots = new List<Slot>();
        var anonCount = 0;
        FieldDecl? lastBitfield = null;
        string? storage = null;
        var storageCount = 0;
        foreach (var f in r.Fields)
        {
            if (f.Bitfield == null)
            {
                lastBitfield = null;
            }

            if (f.Name == null)
            {
                if (f.Bitfield != null || f.Type.Kind != TypeRefKind.Record)
                {
                    continue;
                }

                var anonPlan = Plan(f.Type.Name!);
                var anonField = PrivateName(r, "__anon" + anonCount++);
                var type = Mapper.Map(f.Type);
                AddSlotField(plan, union, OwnField(anonField, type.Name, null, false));
                slots.Add(new Slot(type, t => f.Offset.TryGet(t, out var o) ? o : (long?)null));
                foreach (var m in anonPlan.Members)
                {
                    Forward(plan, r, f, anonField, m);
                }

                continue;
            }
            if (IsEmptyRecord(f))
            {
                continue;
            }

            if (f.IsFlexibleArray)
            {
                AddFlexible(plan, f, TargetsOf(r).Where(t => f.Offset.TryGet(t.Triple, out _)).ToDictionary(t => t.Triple, t => f.Offset.For(t.Triple)));
                continue;
            }
            if (f.Bitfield != null)
            {
                if (!f.Size.IsUniform || !IsStorageSize(f.Size.Value)) { MarkAll(plan); continue; }
                if (lastBitfield == null || !lastBitfield.Offset.Equals(f.Offset) || !lastBitfield.Size.Equals(f.Size))
                {
                    storage = PrivateName(r, "_bitfield" + storageCount++);
                    AddSlotField(plan, union, OwnField(storage, StorageType(f.Size.Value), null, true));
                    slots.Add(new Slot(Mapper.MapIntegerSpellings(_ => UnsignedSpelling(f.Size.Value)),
                        t => f.Offset.TryGet(t, out var o) ? o : (long?)null));
                }
                lastBitfield = f;
                if (!(TargetsOf(r).FirstOrDefault() is EmitterTarget firstTarget))
                {
                    continue;
                }

                var first = firstTarget.Triple;
                var bit = f.Bitfield.BitOffset.For(first) - f.Offset.For(first) * 8;
                foreach (var t in TargetsOf(r))
                {
                    if (f.Bitfield.BitOffset.For(t.Triple) - f.Offset.For(t.Triple) * 8 != bit || bit < 0
                        || bit + f.Bitfield.BitWidth > f.Size.Value * 8 || f.Offset.For(t.Triple) + f.Size.Value > r.Size.For(t.Triple))
                    {
                        plan.Unsupported.Add(t.Triple);
                    }
                }

                AddBitfield(plan, r, f, storage!, f.Size.Value, bit,
                    TargetsOf(r).Where(t => f.Bitfield.BitOffset.TryGet(t.Triple, out _)).ToDictionary(t => t.Triple, t => f.Bitfield.BitOffset.For(t.Triple)));
                continue;
            }
            var cs = MapField(f);
            var facts = _facts.For(r, r, f, cs);
            var id = CsNames.Member(f.Name, plan.Struct.Name);
            AddSlotField(plan, union, facts.Plan(MemberKind.Field, id, cs.Name));
            slots.Add(new Slot(cs, t => f.Offset.TryGet(t, out var o) ? o : (long?)null));
            plan.Members.Add(new Reachable(f.Name, id, cs.Name, true,
                TargetsOf(r).Where(t => f.Offset.TryGet(t.Triple, out _)).ToDictionary(t => t.Triple, t => f.Offset.For(t.Triple)), facts));
        }
        Replay(plan, slots, union);
        return plan;
    }

    private static void AddSlotField(RecordPlan plan, bool union, MemberPlan field)
    {
        if (union)
        {
            field.FieldOffset = 0;
        }

        plan.Struct.Members.Add(field);
    }

    /// <summary>Makes a member of an anonymous record reachable from the parent by its C name.</summary>
    private void Forward(RecordPlan plan, RecordDecl r, FieldDecl anon, string anonField, Reachable m)
    {
        var id = CsNames.Member(m.Name, plan.Struct.Name);
        var forward = m.Facts.Plan(MemberKind.Forward, id, m.TypeName);
        forward.Through = anonField;
        forward.Target = m.CsName;
        forward.IsRef = m.IsRef;
        plan.Struct.Members.Add(forward);
        Dictionary<string, long>? offsets = null;
        if (m.Offsets != null)
        {
            offsets = new Dictionary<string, long>();
            foreach (var kv in m.Offsets)
            {
                if (anon.Offset.TryGet(kv.Key, out var o))
                {
                    offsets[kv.Key] = o + kv.Value;
                }
            }
        }
        Dictionary<string, long>? bits = null;
        if (m.BitOffsets != null)
        {
            bits = new Dictionary<string, long>();
            foreach (var kv in m.BitOffsets)
            {
                if (anon.Offset.TryGet(kv.Key, out var o))
                {
                    bits[kv.Key] = o * 8 + kv.Value;
                }
            }
        }
        plan.Members.Add(new Reachable(m.Name, id, m.TypeName, m.IsRef, offsets, m.Facts) { BitOffsets = bits, BitWidth = m.BitWidth });
    }

    /// <summary>Replays .NET's sequential (or union) layout per target and keeps the targets where it matches C.</summary>
    private void Replay(RecordPlan plan, List<Slot> slots, bool union)
    {
        var r = plan.Decl;
        foreach (var t in TargetsOf(r))
        {
            long offset = 0, align = 1, max = 0;
            var ok = !plan.Unsupported.Contains(t.Triple);
            foreach (var s in slots)
            {
                if (!s.Type.Layouts.TryGetValue(t.Triple, out var l)) { ok = false; break; }
                var a = r.IsPacked ? 1 : l.Align;
                if (!union)
                {
                    offset = Round(offset, a);
                }

                if (s.ModelOffset(t.Triple) != (union ? 0 : offset))
                {
                    ok = false;
                }

                if (union)
                {
                    max = Math.Max(max, l.Size);
                }
                else
                {
                    offset += l.Size;
                }

                align = Math.Max(align, a);
            }
            var size = Round(union ? max : offset, align);
            if (size == 0)
            {
                size = 1; // .NET has no empty structs
            }

            if (!ok || size != r.Size.For(t.Triple) || (!r.IsPacked && align != r.Align.For(t.Triple)))
            {
                plan.Unsupported.Add(t.Triple);
            }
            else
            {
                plan.NetLayouts[t.Triple] = new NetLayout(size, align);
            }
        }
    }
}
