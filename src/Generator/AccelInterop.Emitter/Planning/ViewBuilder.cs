using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AccelInterop.Emitter.Facts;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.View;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Planning
{
    /// <summary>Builds the templates' view of one model: records, enums, constants, requests, layout rows.</summary>
    internal sealed class ViewBuilder
    {
        private readonly UapiModel _model;
        private readonly IReadOnlyList<TargetAbi> _targets;
        private readonly RecordPlanner _planner;
        private readonly FlagFamilies _families;
        private readonly HashSet<string> _typeNames;
        private readonly List<string> _notes;

        public ViewBuilder(UapiModel model, List<string> notes)
        {
            _model = model;
            _notes = notes;
            _targets = TargetAbi.ForAll(model.Targets);
            _families = new FlagFamilies(model);
            _typeNames = new HashSet<string>(model.Records.Select(r => CsNames.RecordType(r.Id))
                .Concat(model.Enums.Select(TypeMapper.EnumName).OfType<string>()), StringComparer.Ordinal);
            _planner = new RecordPlanner(model, _targets, new MemberFacts(_families, FlagEnumName));
        }

        public UapiView Build(EmitterOptions options)
        {
            var view = new UapiView { Namespace = CsNames.Namespace(options.Namespace), ClassName = CsNames.Identifier(options.ClassName) };
            view.Source = _model.Source == null ? "headers" : $"{_model.Source.Name} {_model.Source.Version}";
            view.Headers.AddRange(_model.Headers.Select(h => h.Path));
            view.Targets.AddRange(_model.Targets);
            foreach (var r in _model.Records)
            {
                var plan = _planner.Plan(r.Id);
                if (plan.Unsupported.Count > 0)
                {
                    plan.View.Doc.Add($"<remarks>Not bound exactly on {string.Join(", ", plan.Unsupported)}: requests taking it are unavailable there.</remarks>");
                    _notes.Add($"{r.Location}: {r.Id}: layout not reproducible on {string.Join(", ", plan.Unsupported)}");
                }
                view.Records.Add(plan.View);
                view.LayoutChecks.Add(LayoutCheck(plan));
            }
            AddEnums(view);
            AddFlagEnums(view);
            AddConstants(view);
            AddIoctls(view);
            // Last: records and requests register the inline arrays they use.
            foreach (var kv in _planner.Mapper.InlineArrays)
                view.InlineArrays.Add(new InlineArrayView { Name = kv.Key, Element = kv.Value.Key, Length = kv.Value.Value });
            return view;
        }

        // ---- per-architecture values ----

        /// <summary>For each .NET architecture: the model target it runs, if the model has one.</summary>
        private TargetAbi?[] Architectures() =>
            TargetAbi.ArchitectureNames.Select((_, i) => _targets.FirstOrDefault(t => t.ArchitectureIndex == i)).ToArray();

        private LayoutCheckView LayoutCheck(RecordPlan plan)
        {
            var r = plan.Decl;
            var check = new LayoutCheckView { Record = r.Id, Type = plan.View.Name };
            long Row(TargetAbi? t, Func<string, long?> value)
            {
                if (t == null || !r.ExistsOn(t.Triple)) return -1;
                if (plan.Unsupported.Contains(t.Triple)) return -2;
                return value(t.Triple) ?? -1;
            }
            var arch = Architectures();
            check.SizeTable = Literals.LongTable(arch.Select(t => Row(t, tr => r.Size.TryGet(tr, out var s) ? s : (long?)null)));
            foreach (var m in plan.Members.Where(m => m.IsRef && m.Offsets != null))
                check.Offsets.Add(new KeyValuePair<string, string>(CsNames.Identifier(m.Name),
                    Literals.LongTable(arch.Select(t => Row(t, tr => m.Offsets!.TryGetValue(tr, out var o) ? o : (long?)null)))));
            foreach (var m in plan.Members.Where(m => m.BitOffsets != null))
                check.Bitfields.Add(new BitfieldCheckView
                {
                    Member = CsNames.Identifier(m.Name),
                    Type = m.TypeName,
                    BitTable = Literals.LongTable(arch.Select(t => Row(t, tr => m.BitOffsets!.TryGetValue(tr, out var b) ? b : (long?)null))),
                    WidthTable = Literals.LongTable(arch.Select(t => Row(t, tr => m.BitOffsets!.ContainsKey(tr) ? m.BitWidth : (long?)null))),
                });
            return check;
        }

        private List<BigInteger?> PerArchitecture(Declaration d, PerTarget<BigInteger> value, Func<TargetAbi, bool>? usable = null) =>
            Architectures().Select(t => t != null && d.ExistsOn(t.Triple) && value.TryGet(t.Triple, out var v) && (usable == null || usable(t))
                ? v : (BigInteger?)null).ToList();

        private bool OnAllTargets(Declaration d) => _targets.All(t => d.ExistsOn(t.Triple));

        private static string Doc(Declaration d, string what) =>
            $"<summary><c>{MemberFacts.Xml(what)}</c> ({d.Location}).</summary>";

        // ---- enums and constants ----

        private void AddEnums(UapiView view)
        {
            foreach (var e in _model.Enums)
            {
                var name = TypeMapper.EnumName(e);
                var baseType = _planner.Mapper.EnumBase(e);
                var asEnum = name != null && baseType.Kind == CsTypeKind.Integer && !baseType.IsPointerSized;
                EnumView? ev = null;
                if (asEnum)
                {
                    ev = new EnumView { Name = CsNames.Identifier(name!), Base = baseType.Name };
                    ev.Doc.Add(Doc(e, "enum " + name));
                    view.Enums.Add(ev);
                }
                foreach (var en in e.Enumerators)
                {
                    if (ev != null && en.Value.IsUniform && Literals.Fits(en.Value.Value, baseType.Name))
                    {
                        ev.Members.Add(new EnumMemberView { Name = CsNames.Identifier(en.Name), Value = Literals.Format(en.Value.Value),
                            Doc = $"<summary><c>{en.Name}</c> ({e.Location.File}:{en.Line}).</summary>" });
                        continue;
                    }
                    // Anonymous enums and enumerators whose value differs per architecture become constants.
                    var type = baseType.Kind == CsTypeKind.Integer ? baseType.Name : "long";
                    view.Constants.Add(Constant(en.Name, type, $"<summary><c>{en.Name}</c> ({e.Location.File}:{en.Line}).</summary>",
                        en.Value.IsUniform && OnAllTargets(e) ? en.Value.Value : (BigInteger?)null, PerArchitecture(e, en.Value)));
                }
            }
        }

        /// <summary>The family's prefix, unless a record or enum already has that name.</summary>
        private string FlagEnumName(FlagFamily f) => _typeNames.Contains(f.Prefix) ? f.Prefix + "_FLAGS" : f.Prefix;

        /// <summary>Only the families some member takes (records are planned first).</summary>
        private void AddFlagEnums(UapiView view)
        {
            foreach (var f in _families.Used)
            {
                var big = f.Members.Any(c => c.Value.Value > uint.MaxValue);
                var ev = new EnumView { Name = FlagEnumName(f), Base = big ? "ulong" : "uint", IsFlags = true };
                ev.Doc.Add($"<summary>The single-bit constants <c>{f.Prefix}_*</c> ({f.Members[0].Location.File}), as flags.</summary>");
                foreach (var c in f.Members)
                    ev.Members.Add(new EnumMemberView { Name = c.Name, Value = Literals.Format(c.Value.Value),
                        Doc = $"<summary><c>{c.Name}</c> ({c.Location}).</summary>" });
                view.Enums.Add(ev);
            }
        }

        private void AddConstants(UapiView view)
        {
            // "#define X X" after an enumerator X (rtnetlink, xfrm): the enumerator already binds the name.
            var bound = new HashSet<string>(view.Constants.Select(k => k.Name), StringComparer.Ordinal);
            foreach (var c in _model.Constants)
            {
                if (bound.Contains(CsNames.Identifier(c.Name))) continue;
                var cs = _planner.Mapper.MapIntegerSpellings(t => c.CType.TryGet(t.Triple, out var s) ? s : null);
                var type = cs.Kind == CsTypeKind.Integer ? cs.Name : "long";
                var ctype = c.CType.IsUniform ? c.CType.Value : string.Join(" / ", c.CType.ByTarget.Values.Distinct());
                view.Constants.Add(Constant(c.Name, type, $"<summary><c>{c.Name}</c> ({c.Location}), C type <c>{ctype}</c>.</summary>",
                    c.Value.IsUniform && OnAllTargets(c) ? c.Value.Value : (BigInteger?)null, PerArchitecture(c, c.Value)));
            }
        }

        private static ConstantView Constant(string name, string type, string doc, BigInteger? uniform, List<BigInteger?> table)
        {
            var v = new ConstantView { Name = CsNames.Identifier(name), Type = type, Doc = doc };
            if (uniform is BigInteger u && Literals.Fits(u, type)) v.Literal = Literals.Format(u);
            else v.Table = Literals.UlongTable(table);
            return v;
        }

        // ---- ioctl requests ----

        private void AddIoctls(UapiView view)
        {
            foreach (var i in _model.Ioctls)
            {
                CsType? arg = i.Argument == null ? null : _planner.Mapper.Map(i.Argument);
                if (arg != null && arg.Kind == CsTypeKind.Opaque)
                {
                    _notes.Add($"{i.Location}: {i.Name}: argument type {i.Argument} has no C# binding; request not generated");
                    continue;
                }
                // A request is usable on an architecture when its argument's C# layout is exact there.
                bool Usable(TargetAbi t) => arg == null
                    || (arg.Layouts.TryGetValue(t.Triple, out var l) && i.Size.TryGet(t.Triple, out var s) && l.Size == s);
                var missing = _targets.Where(t => t.ArchitectureIndex >= 0 && i.ExistsOn(t.Triple) && !Usable(t)).Select(t => t.Triple).ToList();
                if (missing.Count > 0) _notes.Add($"{i.Location}: {i.Name}: unavailable on {string.Join(", ", missing)} (argument layout)");
                var iv = new IoctlView
                {
                    Name = i.Name,
                    Doc = $"<summary><c>{i.Name}</c> ({i.Location}): {Direction(i.Direction)}" +
                          (i.Argument == null ? "" : $", argument <c>{MemberFacts.Xml(MemberFacts.Spell(i.Argument))}</c>") + ".</summary>",
                    HasArgument = arg != null,
                    RequestType = arg == null ? "IoctlRequest" : $"IoctlRequest<{arg.Name}>",
                    Direction = "IoctlDirection." + Direction(i.Direction),
                    TypeByte = Field(i, i.Type, "byte"),
                    Number = Field(i, i.Number, "byte"),
                    Size = Field(i, i.Size, "uint"),
                    RequestTable = Literals.UlongTable(PerArchitecture(i, i.Request, Usable)),
                };
                view.Ioctls.Add(iv);
            }
        }

        private string Field(IoctlDecl i, PerTarget<long> value, string type) =>
            value.IsUniform
                ? Literals.Format(value.Value)
                : $"({type})IoctlArchitecture.Select(\"{i.Name}\", {Literals.UlongTable(PerArchitecture(i, value.Select(v => (BigInteger)v)))})";

        private static string Direction(Model.IoctlDirection d) => d switch
        {
            Model.IoctlDirection.Write => "Write",
            Model.IoctlDirection.Read => "Read",
            Model.IoctlDirection.ReadWrite => "ReadWrite",
            _ => "None",
        };
    }
}
