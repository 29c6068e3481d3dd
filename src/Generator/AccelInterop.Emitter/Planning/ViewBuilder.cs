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
    internal sealed partial class ViewBuilder
    {
        private readonly UapiModel _model;
        private readonly IReadOnlyList<EmitterTarget> _targets;
        private readonly RecordPlanner _planner;
        private readonly FlagFamilies _families;
        private readonly HashSet<string> _typeNames;
        private readonly List<string> _notes;

        public ViewBuilder(UapiModel model, List<string> notes)
        {
            _model = model;
            _notes = notes;
            _targets = EmitterTarget.ForAll(model);
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
        private EmitterTarget?[] Architectures() =>
            EmitterTarget.ArchitectureNames.Select((_, i) => _targets.FirstOrDefault(t => t.ArchitectureIndex == i)).ToArray();

        private LayoutCheckView LayoutCheck(RecordPlan plan)
        {
            var r = plan.Decl;
            var check = new LayoutCheckView { Record = r.Id, Type = plan.View.Name };
            long Row(EmitterTarget? t, Func<string, long?> value)
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

        private List<BigInteger?> PerArchitecture(Declaration d, PerTarget<BigInteger> value, Func<EmitterTarget, bool>? usable = null) =>
            Architectures().Select(t => t != null && d.ExistsOn(t.Triple) && value.TryGet(t.Triple, out var v) && (usable == null || usable(t))
                ? v : (BigInteger?)null).ToList();

        private bool OnAllTargets(Declaration d) => _targets.All(t => d.ExistsOn(t.Triple));

        private static string Doc(Declaration d, string what) =>
            $"<summary><c>{MemberFacts.Xml(what)}</c> ({d.Location}).</summary>";
    }
}
