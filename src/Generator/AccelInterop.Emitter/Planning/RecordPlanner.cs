using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.Plan;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Planning;

/// <summary>
/// Decides how each record is bound (docs/generated-code.md, "Layout"):
/// a layout that is the same on every target → <c>LayoutKind.Explicit</c> with the exact
/// size and offsets, anonymous members flattened; a layout that differs between targets →
/// <c>Sequential</c> (unions: Explicit at offset 0, no size) built from types whose .NET size
/// and alignment follow the C ABI on each architecture (nint for long/pointers). The second
/// case is checked here by replaying .NET's sequential layout for every target; where the
/// replay disagrees with the compiler's layout, the target is marked unsupported.
/// </summary>
internal sealed partial class RecordPlanner
{
    private readonly UapiModel _model;
    private readonly IReadOnlyList<EmitterTarget> _targets;
    private readonly MemberFacts _facts;
    private readonly Dictionary<string, RecordPlan> _plans = new Dictionary<string, RecordPlan>(StringComparer.Ordinal);
    private readonly HashSet<string> _inProgress = new HashSet<string>(StringComparer.Ordinal);

    public RecordPlanner(UapiModel model, IReadOnlyList<EmitterTarget> targets, MemberFacts facts)
    {
        _model = model;
        _targets = targets;
        _facts = facts;
        Mapper = new TypeMapper(model, targets, id => Plan(id).NetLayouts);
    }

    public TypeMapper Mapper { get; }

    public RecordPlan Plan(string id)
    {
        if (_plans.TryGetValue(id, out var done))
        {
            return done;
        }

        var decl = _model.FindRecord(id);
        if (decl == null || !_inProgress.Add(id))
        {
            return new RecordPlan(decl ?? Placeholder(id), new StructPlan(Mapper.RecordType(id)));
        }

        var plan = IsUniform(decl) ? PlanExplicit(decl) : PlanDivergent(decl);
        // The plan is built from the members of the targets that share them; where a target has
        // members of its own (here or in an anonymous member) the C# cannot match it.
        foreach (var t in _targets.Where(t => decl.ExistsOn(t.Triple) && HasOwnMembers(decl, t.Triple, 0)))
        {
            plan.MembersDifferOn.Add(t.Triple);
        }

        foreach (var t in plan.MembersDifferOn)
        {
            plan.Unsupported.Add(t);
        }

        CheckAgainstModel(plan);
        foreach (var t in plan.Unsupported)
        {
            plan.NetLayouts.Remove(t);
        }

        _inProgress.Remove(id);
        _plans[id] = plan;
        return plan;
    }

    private static RecordDecl Placeholder(string id) =>
        new RecordDecl(id, RecordKind.Struct, id, null, null, new SourceLocation("?", 0), null,
            PerTarget<long>.Uniform(0), PerTarget<long>.Uniform(1), false, new List<FieldDecl>());

    /// <summary>The targets the record exists on and whose members are the record's <see cref="RecordDecl.Fields"/>.</summary>
    private IEnumerable<EmitterTarget> TargetsOf(RecordDecl r) => _targets.Where(t => r.ExistsOn(t.Triple) && !r.HasOwnFieldsOn(t.Triple));

    /// <summary>Whether the record, or an anonymous record it holds, has members of its own on the target.</summary>
    private bool HasOwnMembers(RecordDecl r, string target, int depth) =>
        r.HasOwnFieldsOn(target) || depth < 64 && r.Fields.Any(f => f.Name == null && f.Type.Kind == TypeRefKind.Record
            && _model.FindRecord(f.Type.Name!) is RecordDecl anon && anon.IsAnonymous && HasOwnMembers(anon, target, depth + 1));

    /// <summary>Same size and offsets (anonymous members and bitfields, with their storage units, included) on every target.</summary>
    private bool IsUniform(RecordDecl r) =>
        r.Size.IsUniform && r.Fields.All(f =>
            f.Offset.IsUniform && (f.Bitfield == null || f.Bitfield.BitOffset.IsUniform && f.Size.IsUniform)
            && !(f.Name == null && f.Type.Kind == TypeRefKind.Record && _model.FindRecord(f.Type.Name!) is RecordDecl a && !IsUniform(a)));

    private StructPlan NewStruct(RecordDecl r, bool isExplicit, long? size)
    {
        var view = new StructPlan(Mapper.RecordType(r.Id)) { IsExplicit = isExplicit, Size = size, Pack = r.IsPacked ? 1 : (long?)null };
        var kind = r.Kind == RecordKind.Union ? "union" : "struct";
        var what = r.IsAnonymous ? $"anonymous {kind} in <c>{r.Parent}</c>" : $"<c>{kind} {r.Tag ?? r.TypedefName}</c>";
        view.Doc.Add($"<summary>{what} ({r.Location.File}:{r.Location.Line}).</summary>");
        return view;
    }

    /// <summary>A member of an empty struct type (GNU C, as in __DECLARE_FLEX_ARRAY): it takes no bytes, so it gets no field.</summary>
    private static bool IsEmptyRecord(FieldDecl f) =>
        f.Type.Kind == TypeRefKind.Record && f.Bitfield == null && f.Size.IsUniform && f.Size.Value == 0;

    private void MarkAll(RecordPlan plan)
    {
        foreach (var t in TargetsOf(plan.Decl))
        {
            plan.Unsupported.Add(t.Triple);
        }
    }

    /// <summary>A name for a private field of the emitter's own that no C member of the record (or its anonymous members) has.</summary>
    private string PrivateName(RecordDecl r, string candidate)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        CollectNames(r, taken, 0);
        while (taken.Contains(candidate))
        {
            candidate = "_" + candidate;
        }

        return candidate;
    }

    private void CollectNames(RecordDecl r, HashSet<string> names, int depth)
    {
        foreach (var f in r.AllFields)
        {
            if (f.Name != null)
            {
                names.Add(f.Name);
            }
            else if (depth < 64 && f.Type.Kind == TypeRefKind.Record && _model.FindRecord(f.Type.Name!) is RecordDecl anon && anon.IsAnonymous)
            {
                CollectNames(anon, names, depth + 1);
            }
        }
    }

    private static bool IsStorageSize(long size) => size == 1 || size == 2 || size == 4 || size == 8;

    private static string StorageType(long size) => CBuiltin.FixedName((int)size, false, false);

    private static string UnsignedSpelling(long size) =>
        size == 1 ? "unsigned char" : size == 2 ? "unsigned short" : size == 4 ? "unsigned int" : "unsigned long long";

    private static long Round(long value, long align) => align <= 1 ? value : (value + align - 1) / align * align;

    /// <summary>A field of the emitter's own (a bitfield unit; public: an anonymous member): no doc, no facts.</summary>
    private static MemberPlan OwnField(string name, string type, long? offset, bool isPrivate) =>
        new MemberPlan(MemberKind.Field, name, type) { IsPrivate = isPrivate, FieldOffset = offset };
}
