using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.Plan;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Planning;

/// <summary>Members both layouts share: plain fields' types, bitfield properties, flexible-array accessors.</summary>
internal sealed partial class RecordPlanner
{
    private CsType MapField(FieldDecl f)
    {
        var cs = Mapper.Map(f.Type);
        // A type the model keeps only by spelling: reserve its bytes where the size is known.
        if (cs.Kind == CsTypeKind.Opaque && f.Size.IsUniform && f.Size.Value > 0)
        {
            return Mapper.MapArray(Mapper.MapIntegerSpellings(_ => "unsigned char"), f.Size.Value) is var bytes
                && bytes.Layouts.Count > 0 ? bytes : cs;
        }

        return cs;
    }

    private void AddBitfield(RecordPlan plan, RecordDecl owner, FieldDecl f, string storage, long unitSize, long bit,
        Dictionary<string, long> bitsFromTop)
    {
        var cs = Mapper.Map(f.Type);
        var width = f.Bitfield!.BitWidth;
        var facts = _facts.For(plan.Decl, owner, f, cs);
        var id = CsNames.Member(f.Name!, plan.Struct.Name);
        var m = facts.Plan(MemberKind.Bitfield, id, cs.Name);
        m.Doc.Add($"<remarks>Bitfield: {width} bit{(width == 1 ? "" : "s")} at bit {bit} of the {unitSize}-byte unit at <c>{storage}</c>.</remarks>");
        m.Storage = storage;
        m.StorageType = StorageType(unitSize);
        m.StorageBits = (int)unitSize * 8;
        m.Bit = bit;
        m.Width = width;
        m.Signed = cs.Signed;
        plan.Struct.Members.Add(m);
        plan.Members.Add(new Reachable(f.Name!, id, cs.Name, false, null, facts)
        {
            BitOffsets = bitsFromTop,
            BitWidth = width,
        });
    }

    private void AddFlexible(RecordPlan plan, FieldDecl f, Dictionary<string, long> offsets)
    {
        var elem = Mapper.Map(f.Type.Element!);
        var self = plan.Struct.Name;
        var m = _facts.For(plan.Decl, plan.Decl, f, elem).Plan(MemberKind.FlexibleArray, CsNames.Member(f.Name!, self), elem.Name);
        m.Doc.Add("<remarks>Flexible array member: the span covers <paramref name=\"count\"/> elements after the fixed part; the struct must live in a buffer of <see cref=\"SizeOf\"/> bytes.</remarks>");
        m.Symbol = $"{plan.Decl.Id}.{f.Name}";
        var distinct = offsets.Values.Distinct().ToList();
        if (distinct.Count == 1)
        {
            m.Offset = distinct[0];
        }
        else
        {
            m.OffsetTable = EmitterTarget.ArchitectureNames.Select((_, i) =>
                _targets.FirstOrDefault(t => t.ArchitectureIndex == i) is EmitterTarget t && offsets.TryGetValue(t.Triple, out var o) ? o : -1L).ToList();
        }

        plan.Struct.Members.Add(m);
        if (plan.Struct.Members.Any(x => x.Kind == MemberKind.SizeOf))
        {
            return;
        }

        var size = new MemberPlan(MemberKind.SizeOf, CsNames.SizeOfMethod, elem.Name);
        size.Doc.Add($"<summary>Bytes for this record with <paramref name=\"count\"/> <c>{f.Name}</c> elements (sizeof plus the elements, as the kernel's struct_size).</summary>");
        plan.Struct.Members.Add(size);
    }
}
