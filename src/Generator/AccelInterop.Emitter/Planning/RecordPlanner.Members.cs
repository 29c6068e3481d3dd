using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.View;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Planning
{
    /// <summary>Members both layouts share: plain fields' types, bitfield properties, flexible-array accessors.</summary>
    internal sealed partial class RecordPlanner
    {
        private CsType MapField(FieldDecl f)
        {
            var cs = Mapper.Map(f.Type);
            // A type the model keeps only by spelling: reserve its bytes where the size is known.
            if (cs.Kind == CsTypeKind.Opaque && f.Size.IsUniform && f.Size.Value > 0)
                return Mapper.MapArray(Mapper.MapIntegerSpellings(_ => "unsigned char"), f.Size.Value) is var bytes
                    && bytes.Layouts.Count > 0 ? bytes : cs;
            return cs;
        }

        private void AddBitfield(RecordPlan plan, RecordDecl owner, FieldDecl f, string storage, long unitSize, long bit,
            Dictionary<string, long> bitsFromTop)
        {
            var cs = Mapper.Map(f.Type);
            var width = f.Bitfield!.BitWidth;
            var unitBits = unitSize * 8;
            var mask = width >= 64 ? ulong.MaxValue : (1UL << width) - 1;
            var maskText = "0x" + mask.ToString("X") + "UL";
            var shift = $"BitConverter.IsLittleEndian ? {bit} : {unitBits - bit - width}";
            var view = Clone(_facts.For(plan.Decl, owner, f, cs));
            view.Doc.Add($"<remarks>Bitfield: {width} bit{(width == 1 ? "" : "s")} at bit {bit} of the {unitSize}-byte unit at <c>{storage}</c>.</remarks>");
            var id = CsNames.Member(f.Name!, plan.View.Name);
            var get = cs.Signed
                ? $"unchecked(({cs.Name})((long)((ulong){storage} << (64 - s - {width})) >> (64 - {width})))"
                : $"unchecked(({cs.Name})(((ulong){storage} >> s) & {maskText}))";
            view.Lines.Add($"public {cs.Name} {id}");
            view.Lines.Add("{");
            view.Lines.Add($"    readonly get {{ int s = {shift}; return {get}; }}");
            view.Lines.Add($"    set {{ int s = {shift}; {storage} = unchecked(({StorageType(unitSize)})(((ulong){storage} & ~({maskText} << s)) | (((ulong)value & {maskText}) << s))); }}");
            view.Lines.Add("}");
            plan.View.Members.Add(view);
            plan.Members.Add(new Reachable(f.Name!, id, cs.Name, false, null, _facts.For(plan.Decl, owner, f, cs))
            {
                BitOffsets = bitsFromTop,
                BitWidth = width,
            });
        }

        private void AddFlexible(RecordPlan plan, FieldDecl f, Dictionary<string, long> offsets)
        {
            var elem = Mapper.Map(f.Type.Element!);
            var self = plan.View.Name;
            var distinct = offsets.Values.Distinct().ToList();
            string offsetExpr;
            if (distinct.Count == 1) offsetExpr = distinct[0].ToString();
            else
            {
                var table = EmitterTarget.ArchitectureNames.Select((_, i) =>
                    _targets.FirstOrDefault(t => t.ArchitectureIndex == i) is EmitterTarget t && offsets.TryGetValue(t.Triple, out var o) ? o : -1L);
                offsetExpr = $"AbiLayout.Select(\"{plan.Decl.Id}.{f.Name}\", {Literals.LongTable(table)})";
            }
            var view = Clone(_facts.For(plan.Decl, plan.Decl, f, elem));
            view.Doc.Add("<remarks>Flexible array member: the span covers <paramref name=\"count\"/> elements after the fixed part; the struct must live in a buffer of <see cref=\"SizeOf\"/> bytes.</remarks>");
            view.Attributes.Add("UnscopedRef");
            var id = CsNames.Member(f.Name!, self);
            view.Lines.Add($"public Span<{elem.Name}> {id}(int count) => MemoryMarshal.CreateSpan(ref Unsafe.As<byte, {elem.Name}>(" +
                           $"ref Unsafe.AddByteOffset(ref Unsafe.As<{self}, byte>(ref this), (nint){offsetExpr})), count);");
            plan.View.Members.Add(view);
            if (plan.View.Members.Any(m => m.Lines.Any(l => l.StartsWith($"public static int {CsNames.SizeOfMethod}(", StringComparison.Ordinal)))) return;
            var size = new MemberView();
            size.Doc.Add($"<summary>Bytes for this record with <paramref name=\"count\"/> <c>{f.Name}</c> elements (sizeof plus the elements, as the kernel's struct_size).</summary>");
            size.Lines.Add($"public static int {CsNames.SizeOfMethod}(int count) => checked(Unsafe.SizeOf<{self}>() + count * Unsafe.SizeOf<{elem.Name}>());");
            plan.View.Members.Add(size);
        }
    }
}
