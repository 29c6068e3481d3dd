using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AccelInterop.Emitter.Facts;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.View;
using AccelInterop.Model;
using AccelInterop.Model.Facts;

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
            _typeNames = new HashSet<string>(CsNames.RecordTypes(model.Records.Select(r => r.Id)).Values
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
                    _notes.Add($"{r.Location}: {r.Id}: layout not reproducible on {string.Join(", ", plan.Unsupported)}{Why(plan)}");
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

        private static string Why(RecordPlan plan)
        {
            var why = new List<string>();
            if (plan.MembersDifferOn.Count > 0) why.Add($"its members differ on {string.Join(", ", plan.MembersDifferOn)}");
            if (plan.PlanDisagrees.Count > 0) why.Add($"the binding cannot place every member as the compiler does on {string.Join(", ", plan.PlanDisagrees)}");
            return why.Count == 0 ? "" : " (" + string.Join("; ", why) + ")";
        }

        /// <summary>
        /// The expected columns come from the model's facts for each target (what <c>accelgen facts</c>
        /// prints), never from the plan: a plan that placed a member wrongly fails its own self-check.
        /// </summary>
        private LayoutCheckView LayoutCheck(RecordPlan plan)
        {
            var r = plan.Decl;
            var check = new LayoutCheckView { Record = r.Id, Type = plan.View.Name };
            var arch = Architectures();
            var facts = arch.Select(t => t != null && r.ExistsOn(t.Triple) && !plan.Unsupported.Contains(t.Triple)
                ? ModelLayout.Of(_model, r, t.Triple) : null).ToList();
            string Table(Func<ModelLayout, long?> value) => Literals.LongTable(arch.Select((t, i) =>
                t == null || !r.ExistsOn(t.Triple) ? -1 : facts[i] is ModelLayout f ? value(f) ?? -1 : -2));
            check.SizeTable = Table(f => f.Size);
            foreach (var m in plan.Members.Where(m => m.IsRef && m.Offsets != null))
                check.Offsets.Add(new OffsetCheckView
                {
                    Member = m.CsName,
                    Symbol = m.Name,
                    Table = Table(f => f.Fields.TryGetValue(m.Name, out var o) ? o : (long?)null),
                });
            foreach (var m in plan.Members.Where(m => m.BitOffsets != null))
                check.Bitfields.Add(new BitfieldCheckView
                {
                    Member = m.CsName,
                    Symbol = m.Name,
                    Type = m.TypeName,
                    BitTable = Table(f => f.Bitfields.TryGetValue(m.Name, out var b) ? b.Offset : (long?)null),
                    WidthTable = Table(f => f.Bitfields.TryGetValue(m.Name, out var b) ? b.Width : (long?)null),
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
