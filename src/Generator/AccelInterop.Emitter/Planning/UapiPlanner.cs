using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AccelInterop.Emitter.Facts;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.Plan;
using AccelInterop.Emitter.Selection;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;
using AccelInterop.Model.Facts;

namespace AccelInterop.Emitter.Planning;

/// <summary>Builds the templates' view of one model: records, enums, constants, requests, layout rows.</summary>
internal sealed partial class UapiPlanner
{
    private readonly UapiModel _model;
    private readonly IReadOnlyList<EmitterTarget> _targets;
    private readonly RecordPlanner _planner;
    private readonly FlagFamilies _families;
    private readonly HashSet<string> _typeNames;
    private readonly List<EmitNote> _notes;

    public UapiPlanner(UapiModel model, AbiFacts facts, List<EmitNote> notes)
    {
        _model = model;
        _notes = notes;
        _targets = EmitterTarget.ForAll(model);
        _families = new FlagFamilies(model, facts);
        _typeNames = new HashSet<string>(CsNames.RecordTypes(model.Records.Select(r => r.Id)).Values
            .Concat(model.Enums.Select(TypeMapper.EnumName).OfType<string>()), StringComparer.Ordinal);
        _planner = new RecordPlanner(model, _targets, new MemberFacts(facts, _families, FlagEnumName));
    }

    /// <summary>The whole model's plan; a selection emits part of it (<see cref="Selection.DeclarationFilter"/>).</summary>
    public UapiPlan Build()
    {
        var plan = new UapiPlan();
        plan.Source = _model.Source == null ? "headers" : $"{_model.Source.Name} {_model.Source.Version}";
        plan.Headers.AddRange(_model.Headers.Select(h => h.Path));
        plan.Targets.AddRange(_model.Targets);
        var records = new List<RecordPlan>();
        foreach (var r in _model.Records)
        {
            var rp = _planner.Plan(r.Id);
            if (rp.Unsupported.Count > 0)
            {
                rp.Struct.Doc.Add($"<remarks>Not bound exactly on {string.Join(", ", rp.Unsupported)}: requests taking it are unavailable there.</remarks>");
                _notes.Add(new EmitNote(SymbolRef.Record(r.Id).Key, $"{r.Location}: {r.Id}: layout not reproducible on {string.Join(", ", rp.Unsupported)}{Why(rp)}"));
            }
            records.Add(rp);
        }
        AddEnums(plan);
        AddFlagEnums(plan, records);
        AddConstants(plan);
        AddIoctls(plan);
        // Last: records and requests register the inline arrays they use.
        var arrays = _planner.Mapper.InlineArrays.ToDictionary(kv => kv.Key, kv => new InlineArrayPlan(kv.Key, kv.Value.Key, kv.Value.Value)
        {
            Declaration = new EmitDeclaration(kv.Key, NoSymbols, onlyWhenUsed: true, new[] { kv.Value.Key }),
        });
        var used = UsedTypes(records, arrays);
        foreach (var rp in records.Where(rp => !rp.Decl.IsAnonymous || used.Contains(rp.Struct.Name)))
        {
            // An anonymous record is emitted only for a parent that holds it as a field.
            rp.Struct.Declaration = new EmitDeclaration(rp.Struct.Name, new[] { SymbolRef.Record(rp.Decl.Id).Key }, rp.Decl.IsAnonymous,
                FieldTypes(rp.Struct).Distinct(StringComparer.Ordinal).ToList());
            plan.Structs.Add(rp.Struct);
            var check = LayoutCheck(rp);
            check.Declaration = rp.Struct.Declaration;
            plan.LayoutChecks.Add(check);
        }
        plan.InlineArrays.AddRange(arrays.Values.Where(a => used.Contains(a.Name)).OrderBy(a => a.Name, StringComparer.Ordinal));
        return plan;
    }

    /// <summary>
    /// The types some emitted struct's fields (or a request) use, following inline arrays to their elements.
    /// An anonymous record an explicit parent flattens is used by nothing: it is not emitted, and its
    /// members are checked through the parent's rows.
    /// </summary>
    private HashSet<string> UsedTypes(List<RecordPlan> records, Dictionary<string, InlineArrayPlan> arrays)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        void Use(string type)
        {
            if (used.Add(type))
            {
                pending.Push(type);
            }
        }
        var byName = records.ToDictionary(r => r.Struct.Name, StringComparer.Ordinal);
        foreach (var r in records.Where(r => !r.Decl.IsAnonymous))
        {
            Use(r.Struct.Name);
        }

        foreach (var i in _model.Ioctls)
        {
            if (i.Argument != null)
            {
                Use(_planner.Mapper.Map(i.Argument).Name);
            }
        }

        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (arrays.TryGetValue(type, out var array))
            {
                Use(array.Element);
            }

            if (!byName.TryGetValue(type, out var record))
            {
                continue;
            }

            foreach (var field in FieldTypes(record.Struct))
            {
                Use(field);
            }
        }
        return used;
    }

    private static readonly string[] NoSymbols = new string[0];

    /// <summary>The types a struct's fields are, which must be emitted with it.</summary>
    private static IEnumerable<string> FieldTypes(StructPlan s) =>
        s.Members.Where(m => m.Kind == MemberKind.Field || m.Kind == MemberKind.Bitfield).Select(m => m.Type);

    // ---- per-architecture values ----

    /// <summary>For each .NET architecture: the model target it runs, if the model has one.</summary>
    private EmitterTarget?[] Architectures() =>
        EmitterTarget.ArchitectureNames.Select((_, i) => _targets.FirstOrDefault(t => t.ArchitectureIndex == i)).ToArray();

    private static string Why(RecordPlan plan)
    {
        var why = new List<string>();
        if (plan.MembersDifferOn.Count > 0)
        {
            why.Add($"its members differ on {string.Join(", ", plan.MembersDifferOn)}");
        }

        if (plan.PlanDisagrees.Count > 0)
        {
            why.Add($"the binding cannot place every member as the compiler does on {string.Join(", ", plan.PlanDisagrees)}");
        }

        return why.Count == 0 ? "" : " (" + string.Join("; ", why) + ")";
    }

    /// <summary>
    /// The expected columns come from the model's facts for each target (what <c>accelgen facts</c>
    /// prints), never from the plan: a plan that placed a member wrongly fails its own self-check.
    /// </summary>
    private LayoutCheckPlan LayoutCheck(RecordPlan plan)
    {
        var r = plan.Decl;
        var check = new LayoutCheckPlan(r.Id, plan.Struct.Name);
        var arch = Architectures();
        var facts = arch.Select(t => t != null && r.ExistsOn(t.Triple) && !plan.Unsupported.Contains(t.Triple)
            ? ModelLayout.Of(_model, r, t.Triple) : null).ToList();
        List<long> Table(Func<ModelLayout, long?> value) => arch.Select((t, i) =>
            t == null || !r.ExistsOn(t.Triple) ? -1 : facts[i] is ModelLayout f ? value(f) ?? -1 : -2).ToList();
        check.Size = Table(f => f.Size);
        foreach (var m in plan.Members.Where(m => m.IsRef && m.Offsets != null))
        {
            check.Offsets.Add(new OffsetCheck(m.CsName, m.Name, Table(f => f.Fields.TryGetValue(m.Name, out var o) ? o : (long?)null)));
        }

        foreach (var m in plan.Members.Where(m => m.BitOffsets != null))
        {
            check.Bitfields.Add(new BitfieldCheck(m.CsName, m.Name, m.TypeName,
                Table(f => f.Bitfields.TryGetValue(m.Name, out var b) ? b.Offset : (long?)null),
                Table(f => f.Bitfields.TryGetValue(m.Name, out var b) ? b.Width : (long?)null)));
        }

        return check;
    }

    private List<BigInteger?> PerArchitecture(Declaration d, PerTarget<BigInteger> value, Func<EmitterTarget, bool>? usable = null) =>
        Architectures().Select(t => t != null && d.ExistsOn(t.Triple) && value.TryGet(t.Triple, out var v) && (usable == null || usable(t))
            ? v : (BigInteger?)null).ToList();

    private bool OnAllTargets(Declaration d) => _targets.All(t => d.ExistsOn(t.Triple));

    private static string Doc(Declaration d, string what) =>
        $"<summary><c>{MemberFacts.Xml(what)}</c> ({d.Location}).</summary>";
}
