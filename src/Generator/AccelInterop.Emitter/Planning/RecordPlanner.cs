using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.View;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Planning
{
    /// <summary>
    /// Decides how each record is bound (docs/generated-code.md, "Layout"):
    /// a layout that is the same on every target → <c>LayoutKind.Explicit</c> with the exact
    /// size and offsets, anonymous members flattened; a layout that differs between targets →
    /// <c>Sequential</c> (unions: Explicit at offset 0, no size) built from types whose .NET size
    /// and alignment follow the C ABI on each architecture (nint for long/pointers). The second
    /// case is checked here by replaying .NET's sequential layout for every target; where the
    /// replay disagrees with the compiler's layout, the target is marked unsupported.
    /// </summary>
    internal sealed class RecordPlanner
    {
        private readonly UapiModel _model;
        private readonly IReadOnlyList<TargetAbi> _targets;
        private readonly MemberFacts _facts;
        private readonly Dictionary<string, RecordPlan> _plans = new Dictionary<string, RecordPlan>(StringComparer.Ordinal);
        private readonly HashSet<string> _inProgress = new HashSet<string>(StringComparer.Ordinal);

        public RecordPlanner(UapiModel model, IReadOnlyList<TargetAbi> targets, MemberFacts facts)
        {
            _model = model;
            _targets = targets;
            _facts = facts;
            Mapper = new TypeMapper(model, targets, id => Plan(id).NetLayouts);
        }

        public TypeMapper Mapper { get; }

        public RecordPlan Plan(string id)
        {
            if (_plans.TryGetValue(id, out var done)) return done;
            var decl = _model.FindRecord(id);
            if (decl == null || !_inProgress.Add(id))
                return new RecordPlan(decl ?? Placeholder(id), new RecordView { Name = CsNames.RecordType(id) });
            var plan = IsUniform(decl) ? PlanExplicit(decl) : PlanDivergent(decl);
            _inProgress.Remove(id);
            _plans[id] = plan;
            return plan;
        }

        private static RecordDecl Placeholder(string id) =>
            new RecordDecl(id, RecordKind.Struct, id, null, null, new SourceLocation("?", 0), null,
                PerTarget<long>.Uniform(0), PerTarget<long>.Uniform(1), false, new List<FieldDecl>());

        private IEnumerable<TargetAbi> TargetsOf(RecordDecl r) => _targets.Where(t => r.ExistsOn(t.Triple));

        /// <summary>Same size and offsets (anonymous members and bitfields included) on every target.</summary>
        private bool IsUniform(RecordDecl r) =>
            r.Size.IsUniform && r.Fields.All(f =>
                f.Offset.IsUniform && (f.Bitfield == null || f.Bitfield.BitOffset.IsUniform)
                && !(f.Name == null && f.Type.Kind == TypeRefKind.Record && _model.FindRecord(f.Type.Name!) is RecordDecl a && !IsUniform(a)));

        private RecordView NewView(RecordDecl r, string layout)
        {
            var view = new RecordView { Name = CsNames.RecordType(r.Id), Layout = layout };
            var kind = r.Kind == RecordKind.Union ? "union" : "struct";
            var what = r.IsAnonymous ? $"anonymous {kind} in <c>{r.Parent}</c>" : $"<c>{kind} {r.Tag ?? r.TypedefName}</c>";
            view.Doc.Add($"<summary>{what} ({r.Location.File}:{r.Location.Line}).</summary>");
            return view;
        }

        // ---- uniform layout: explicit offsets, anonymous members flattened ----

        private RecordPlan PlanExplicit(RecordDecl r)
        {
            var size = r.Size.Value;
            var plan = new RecordPlan(r, NewView(r, $"LayoutKind.Explicit, Size = {size}" + (r.IsPacked ? ", Pack = 1" : "")));
            var aligns = TargetsOf(r).ToDictionary(t => t.Triple, _ => 1L);
            var storages = new HashSet<string>(StringComparer.Ordinal);
            Flatten(plan, r, 0, aligns, storages);
            if (size == 0) MarkAll(plan); // C's empty struct has no .NET counterpart (size 1)
            foreach (var t in TargetsOf(r))
                if (!plan.Unsupported.Contains(t.Triple))
                    plan.NetLayouts[t.Triple] = new NetLayout(size, r.IsPacked ? 1 : aligns[t.Triple]);
            return plan;
        }

        private void Flatten(RecordPlan plan, RecordDecl owner, long baseOffset, Dictionary<string, long> aligns, HashSet<string> storages)
        {
            var top = plan.Decl;
            foreach (var f in owner.Fields)
            {
                if (f.Name == null)
                {
                    if (f.Bitfield == null && f.Type.Kind == TypeRefKind.Record && _model.FindRecord(f.Type.Name!) is RecordDecl anon)
                        Flatten(plan, anon, baseOffset + f.Offset.Value, aligns, storages);
                    continue;
                }
                if (f.IsFlexibleArray)
                {
                    // Also from inside anonymous members (a flexible array overlaid in a union).
                    AddFlexible(plan, f, TargetsOf(top).ToDictionary(t => t.Triple, _ => baseOffset + f.Offset.Value));
                    continue;
                }
                if (IsEmptyRecord(f)) continue;
                if (f.Bitfield != null)
                {
                    var unit = baseOffset + f.Offset.Value;
                    var unitSize = f.Size.Value;
                    var storage = $"_bitfield{unit}" + (unitSize == 4 ? "" : "_" + unitSize);
                    var bit = baseOffset * 8 + f.Bitfield.BitOffset.Value - unit * 8;
                    if (!IsStorageSize(unitSize)) { MarkAll(plan); continue; }
                    if (storages.Add(storage))
                    {
                        var sm = new MemberView();
                        sm.Attributes.Add($"FieldOffset({unit})");
                        sm.Lines.Add($"private {StorageType(unitSize)} {storage};");
                        plan.View.Members.Add(sm);
                    }
                    var fromTop = baseOffset * 8 + f.Bitfield.BitOffset.Value;
                    AddBitfield(plan, owner, f, storage, unitSize, bit, TargetsOf(top).ToDictionary(t => t.Triple, _ => fromTop));
                    continue;
                }
                var cs = MapField(f);
                var offset = baseOffset + f.Offset.Value;
                foreach (var t in TargetsOf(top))
                {
                    if (!cs.Layouts.TryGetValue(t.Triple, out var l) || l.Size != f.Size.For(t.Triple)) plan.Unsupported.Add(t.Triple);
                    else if (aligns.ContainsKey(t.Triple)) aligns[t.Triple] = Math.Max(aligns[t.Triple], l.Align);
                }
                var m = _facts.For(top, owner, f, cs);
                var field = Clone(m);
                field.Attributes.Insert(0, $"FieldOffset({offset})");
                field.Lines.Add($"public {cs.Name} {CsNames.Identifier(f.Name)};");
                plan.View.Members.Add(field);
                plan.Members.Add(new Reachable(f.Name, cs.Name, true, TargetsOf(top).ToDictionary(t => t.Triple, _ => offset), m));
            }
        }

        // ---- layout differs between targets: sequential, replayed per target ----

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
            var layout = (union ? "LayoutKind.Explicit" : "LayoutKind.Sequential") + (r.IsPacked ? ", Pack = 1" : "");
            var plan = new RecordPlan(r, NewView(r, layout));
            var slots = new List<Slot>();
            var anonCount = 0;
            FieldDecl? lastBitfield = null;
            string? storage = null;
            var storageCount = 0;
            foreach (var f in r.Fields)
            {
                if (f.Bitfield == null) lastBitfield = null;
                if (f.Name == null)
                {
                    if (f.Bitfield != null || f.Type.Kind != TypeRefKind.Record) continue;
                    var anonPlan = Plan(f.Type.Name!);
                    var anonField = "__anon" + anonCount++;
                    var type = Mapper.Map(f.Type);
                    AddSlotField(plan, union, $"public {type.Name} {anonField};", new MemberView());
                    slots.Add(new Slot(type, t => f.Offset.TryGet(t, out var o) ? o : (long?)null));
                    foreach (var m in anonPlan.Members) Forward(plan, r, f, anonField, m);
                    continue;
                }
                if (IsEmptyRecord(f)) continue;
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
                        storage = "_bitfield" + storageCount++;
                        AddSlotField(plan, union, $"private {StorageType(f.Size.Value)} {storage};", new MemberView());
                        slots.Add(new Slot(Mapper.MapIntegerSpellings(_ => UnsignedSpelling(f.Size.Value)),
                            t => f.Offset.TryGet(t, out var o) ? o : (long?)null));
                    }
                    lastBitfield = f;
                    var first = TargetsOf(r).First().Triple;
                    var bit = f.Bitfield.BitOffset.For(first) - f.Offset.For(first) * 8;
                    foreach (var t in TargetsOf(r))
                        if (f.Bitfield.BitOffset.For(t.Triple) - f.Offset.For(t.Triple) * 8 != bit) plan.Unsupported.Add(t.Triple);
                    AddBitfield(plan, r, f, storage!, f.Size.Value, bit,
                        TargetsOf(r).Where(t => f.Bitfield.BitOffset.TryGet(t.Triple, out _)).ToDictionary(t => t.Triple, t => f.Bitfield.BitOffset.For(t.Triple)));
                    continue;
                }
                var cs = MapField(f);
                var facts = _facts.For(r, r, f, cs);
                var fieldView = Clone(facts);
                AddSlotField(plan, union, $"public {cs.Name} {CsNames.Identifier(f.Name)};", fieldView);
                slots.Add(new Slot(cs, t => f.Offset.TryGet(t, out var o) ? o : (long?)null));
                plan.Members.Add(new Reachable(f.Name, cs.Name, true,
                    TargetsOf(r).Where(t => f.Offset.TryGet(t.Triple, out _)).ToDictionary(t => t.Triple, t => f.Offset.For(t.Triple)), facts));
            }
            Replay(plan, slots, union);
            return plan;
        }

        private static void AddSlotField(RecordPlan plan, bool union, string line, MemberView view)
        {
            if (union) view.Attributes.Insert(0, "FieldOffset(0)");
            view.Lines.Add(line);
            plan.View.Members.Add(view);
        }

        /// <summary>Makes a member of an anonymous record reachable from the parent by its C name.</summary>
        private void Forward(RecordPlan plan, RecordDecl r, FieldDecl anon, string anonField, Reachable m)
        {
            var view = Clone(m.Facts);
            var id = CsNames.Identifier(m.Name);
            if (m.IsRef)
            {
                view.Attributes.Add("UnscopedRef");
                view.Lines.Add($"public ref {m.TypeName} {id} => ref {anonField}.{id};");
            }
            else
            {
                view.Lines.Add($"public {m.TypeName} {id}");
                view.Lines.Add("{");
                view.Lines.Add($"    readonly get => {anonField}.{id};");
                view.Lines.Add($"    set => {anonField}.{id} = value;");
                view.Lines.Add("}");
            }
            plan.View.Members.Add(view);
            Dictionary<string, long>? offsets = null;
            if (m.Offsets != null)
            {
                offsets = new Dictionary<string, long>();
                foreach (var kv in m.Offsets)
                    if (anon.Offset.TryGet(kv.Key, out var o)) offsets[kv.Key] = o + kv.Value;
            }
            Dictionary<string, long>? bits = null;
            if (m.BitOffsets != null)
            {
                bits = new Dictionary<string, long>();
                foreach (var kv in m.BitOffsets)
                    if (anon.Offset.TryGet(kv.Key, out var o)) bits[kv.Key] = o * 8 + kv.Value;
            }
            plan.Members.Add(new Reachable(m.Name, m.TypeName, m.IsRef, offsets, m.Facts) { BitOffsets = bits, BitWidth = m.BitWidth });
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
                    if (!union) offset = Round(offset, a);
                    if (s.ModelOffset(t.Triple) != (union ? 0 : offset)) ok = false;
                    if (union) max = Math.Max(max, l.Size);
                    else offset += l.Size;
                    align = Math.Max(align, a);
                }
                var size = Round(union ? max : offset, align);
                if (size == 0) size = 1; // .NET has no empty structs
                if (!ok || size != r.Size.For(t.Triple) || (!r.IsPacked && align != r.Align.For(t.Triple)))
                    plan.Unsupported.Add(t.Triple);
                else plan.NetLayouts[t.Triple] = new NetLayout(size, align);
            }
        }

        // ---- members shared by both shapes ----

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
            var id = CsNames.Identifier(f.Name!);
            var get = cs.Signed
                ? $"unchecked(({cs.Name})((long)((ulong){storage} << (64 - s - {width})) >> (64 - {width})))"
                : $"unchecked(({cs.Name})(((ulong){storage} >> s) & {maskText}))";
            view.Lines.Add($"public {cs.Name} {id}");
            view.Lines.Add("{");
            view.Lines.Add($"    readonly get {{ int s = {shift}; return {get}; }}");
            view.Lines.Add($"    set {{ int s = {shift}; {storage} = unchecked(({StorageType(unitSize)})(((ulong){storage} & ~({maskText} << s)) | (((ulong)value & {maskText}) << s))); }}");
            view.Lines.Add("}");
            plan.View.Members.Add(view);
            plan.Members.Add(new Reachable(f.Name!, cs.Name, false, null, _facts.For(plan.Decl, owner, f, cs))
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
                var table = TargetAbi.ArchitectureNames.Select((_, i) =>
                    _targets.FirstOrDefault(t => t.ArchitectureIndex == i) is TargetAbi t && offsets.TryGetValue(t.Triple, out var o) ? o : -1L);
                offsetExpr = $"AbiLayout.Select(\"{plan.Decl.Id}.{f.Name}\", {Literals.LongTable(table)})";
            }
            var view = Clone(_facts.For(plan.Decl, plan.Decl, f, elem));
            view.Doc.Add("<remarks>Flexible array member: the span covers <paramref name=\"count\"/> elements after the fixed part; the struct must live in a buffer of <see cref=\"SizeOf\"/> bytes.</remarks>");
            view.Attributes.Add("UnscopedRef");
            var id = CsNames.Identifier(f.Name!);
            view.Lines.Add($"public Span<{elem.Name}> {id}(int count) => MemoryMarshal.CreateSpan(ref Unsafe.As<byte, {elem.Name}>(" +
                           $"ref Unsafe.AddByteOffset(ref Unsafe.As<{self}, byte>(ref this), (nint){offsetExpr})), count);");
            plan.View.Members.Add(view);
            if (plan.View.Members.Any(m => m.Lines.Any(l => l.StartsWith("public static int SizeOf(", StringComparison.Ordinal)))) return;
            var size = new MemberView();
            size.Doc.Add($"<summary>Bytes for this record with <paramref name=\"count\"/> <c>{f.Name}</c> elements (sizeof plus the elements, as the kernel's struct_size).</summary>");
            size.Lines.Add($"public static int SizeOf(int count) => checked(Unsafe.SizeOf<{self}>() + count * Unsafe.SizeOf<{elem.Name}>());");
            plan.View.Members.Add(size);
        }

        /// <summary>A member of an empty struct type (GNU C, as in __DECLARE_FLEX_ARRAY): it takes no bytes, so it gets no field.</summary>
        private static bool IsEmptyRecord(FieldDecl f) =>
            f.Type.Kind == TypeRefKind.Record && f.Bitfield == null && f.Size.IsUniform && f.Size.Value == 0;

        private void MarkAll(RecordPlan plan)
        {
            foreach (var t in TargetsOf(plan.Decl)) plan.Unsupported.Add(t.Triple);
        }

        private static bool IsStorageSize(long size) => size == 1 || size == 2 || size == 4 || size == 8;

        private static string StorageType(long size) => CBuiltin.FixedName((int)size, false, false);

        private static string UnsignedSpelling(long size) =>
            size == 1 ? "unsigned char" : size == 2 ? "unsigned short" : size == 4 ? "unsigned int" : "unsigned long long";

        private static long Round(long value, long align) => align <= 1 ? value : (value + align - 1) / align * align;

        private static MemberView Clone(MemberView v)
        {
            var c = new MemberView();
            c.Doc.AddRange(v.Doc);
            c.Attributes.AddRange(v.Attributes);
            return c;
        }
    }
}
