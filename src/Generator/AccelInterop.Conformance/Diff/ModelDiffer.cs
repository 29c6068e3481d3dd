using System.Globalization;
using System.Numerics;
using AccelInterop.Model;

namespace AccelInterop.Conformance.Diff;

/// <summary>
/// <c>accelgen diff</c>'s engine: compares two models target by target (the targets both have)
/// and merges changes that are the same on several targets. Records, typedefs and enums are
/// matched by id, enumerators, constants and requests by name; anonymous records are compared
/// as part of the record that holds them.
/// </summary>
public static class ModelDiffer
{
    public static DiffReport Diff(UapiModel oldModel, UapiModel newModel, IReadOnlyList<string>? targets = null)
    {
        var common = (targets ?? oldModel.Targets).Where(t => oldModel.Targets.Contains(t) && newModel.Targets.Contains(t)).ToList();
        if (common.Count == 0)
        {
            throw new ArgumentException($"the models have no target in common (old: {string.Join(", ", oldModel.Targets)}; new: {string.Join(", ", newModel.Targets)})");
        }

        var merged = new Dictionary<RawChange, List<string>>();
        var order = new List<RawChange>();
        foreach (var t in common)
        {
            foreach (var c in DiffTarget(oldModel, newModel, t))
            {
                if (!merged.TryGetValue(c, out var list)) { merged[c] = list = []; order.Add(c); }
                if (!list.Contains(t))
                {
                    list.Add(t);
                }
            }
        }

        var changes = order.Select(c => new AbiChange(c.Kind, c.IsCompatible, c.Symbol, c.Member, c.Detail, c.Location, merged[c]))
            .OrderBy(c => c.IsCompatible).ThenBy(c => c.Location?.File ?? "", StringComparer.Ordinal).ThenBy(c => c.Location?.Line ?? 0)
            .ThenBy(c => c.Symbol, StringComparer.Ordinal).ThenBy(c => c.Member ?? "", StringComparer.Ordinal).ToList();
        return new DiffReport(common, changes);
    }

    private static List<RawChange> DiffTarget(UapiModel oldModel, UapiModel newModel, string t)
    {
        var changes = new List<RawChange>();
        var growth = DiffRecords(oldModel, newModel, t, changes);
        DiffTypedefs(oldModel, newModel, t, changes);
        DiffEnums(oldModel, newModel, t, changes);
        DiffConstants(oldModel, newModel, t, changes);
        DiffRequests(oldModel, newModel, t, growth, changes);
        return changes;
    }

    private static HashSet<string> PrimaryFiles(UapiModel m) => new(m.Headers.Select(h => h.Path), StringComparer.Ordinal);

    /// <returns>Per record id: whether its changes on this target are compatible (growth or none).</returns>
    private static Dictionary<string, bool> DiffRecords(UapiModel oldModel, UapiModel newModel, string t, List<RawChange> changes)
    {
        var result = new Dictionary<string, bool>(StringComparer.Ordinal);
        var oldPrimary = PrimaryFiles(oldModel);
        var newPrimary = PrimaryFiles(newModel);
        var differ = new RecordDiffer(oldModel, newModel, t);
        var olds = oldModel.Records.Where(r => !r.IsAnonymous && r.ExistsOn(t)).ToDictionary(r => r.Id);
        var news = newModel.Records.Where(r => !r.IsAnonymous && r.ExistsOn(t)).ToDictionary(r => r.Id);
        var own = new Dictionary<string, List<RawChange>>(StringComparer.Ordinal);
        foreach (var (id, o) in olds)
        {
            if (news.TryGetValue(id, out var n))
            {
                var (c, ok) = differ.Diff(o, n);
                own[id] = c;
                result[id] = ok;
            }
            else if (oldPrimary.Contains(o.Location.File))
            {
                changes.Add(new RawChange(ChangeKind.RecordRemoved, false, id, null, $"{Spell(o)} removed", o.Location));
            }
        }
        foreach (var (id, n) in news)
        {
            if (!olds.ContainsKey(id) && newPrimary.Contains(n.Location.File))
            {
                changes.Add(new RawChange(ChangeKind.RecordAdded, true, id, null, $"{Spell(n)} added ({n.Size.For(t)} bytes)", n.Location));
            }
        }

        new NestedChanges(newModel, t, news, own, result).AddTo(changes);
        return result;
    }

    private static void DiffTypedefs(UapiModel oldModel, UapiModel newModel, string t, List<RawChange> changes)
    {
        var oldPrimary = PrimaryFiles(oldModel);
        var newPrimary = PrimaryFiles(newModel);
        var olds = oldModel.Typedefs.Where(x => x.ExistsOn(t)).ToDictionary(x => x.Name);
        var news = newModel.Typedefs.Where(x => x.ExistsOn(t)).ToDictionary(x => x.Name);
        foreach (var (name, o) in olds)
        {
            if (news.TryGetValue(name, out var n))
            {
                var oc = MemberFlattener.Canonical(oldModel, TypeRef.Typedef(name), t);
                var nc = MemberFlattener.Canonical(newModel, TypeRef.Typedef(name), t);
                if (oc != nc)
                {
                    changes.Add(new RawChange(ChangeKind.TypedefChanged, false, name, null, $"typedef {name} changed from {oc} to {nc}", n.Location));
                }
            }
            else if (oldPrimary.Contains(o.Location.File))
            {
                changes.Add(new RawChange(ChangeKind.TypedefRemoved, false, name, null, $"typedef {name} removed", o.Location));
            }
        }
        foreach (var (name, n) in news)
        {
            if (!olds.ContainsKey(name) && newPrimary.Contains(n.Location.File))
            {
                changes.Add(new RawChange(ChangeKind.TypedefAdded, true, name, null, $"typedef {name} added", n.Location));
            }
        }
    }

    private static void DiffEnums(UapiModel oldModel, UapiModel newModel, string t, List<RawChange> changes)
    {
        var oldPrimary = PrimaryFiles(oldModel);
        var newPrimary = PrimaryFiles(newModel);
        static bool Named(EnumDecl e) => e.Tag != null || e.TypedefName != null;
        var olds = oldModel.Enums.Where(e => Named(e) && e.ExistsOn(t)).ToDictionary(e => e.Id);
        var news = newModel.Enums.Where(e => Named(e) && e.ExistsOn(t)).ToDictionary(e => e.Id);
        foreach (var (id, o) in olds)
        {
            if (news.TryGetValue(id, out var n))
            {
                if (o.IntegerType.For(t) != n.IntegerType.For(t))
                {
                    changes.Add(new RawChange(ChangeKind.EnumTypeChanged, false, id, null,
                        $"integer type changed from {o.IntegerType.For(t)} to {n.IntegerType.For(t)}", n.Location));
                }
            }
            else if (oldPrimary.Contains(o.Location.File))
            {
                changes.Add(new RawChange(ChangeKind.EnumRemoved, false, id, null, $"enum {id} removed", o.Location));
            }
        }
        foreach (var (id, n) in news)
        {
            if (!olds.ContainsKey(id) && newPrimary.Contains(n.Location.File))
            {
                changes.Add(new RawChange(ChangeKind.EnumAdded, true, id, null, $"enum {id} added", n.Location));
            }
        }

        var oldValues = Enumerators(oldModel, t);
        var newValues = Enumerators(newModel, t);
        foreach (var (name, (value, e, line)) in oldValues)
        {
            if (newValues.TryGetValue(name, out var n))
            {
                if (n.Value != value)
                {
                    changes.Add(Enumerator(ChangeKind.EnumeratorValueChanged, false, n.Enum, name,
                        $"enumerator value changed from {Num(value)} to {Num(n.Value)}", n.Line));
                }
            }
            else
            {
                changes.Add(Enumerator(ChangeKind.EnumeratorRemoved, false, e, name, $"enumerator {name} ({Num(value)}) removed from {Spell(e)}", line));
            }
        }
        foreach (var (name, (value, e, line)) in newValues)
        {
            if (!oldValues.ContainsKey(name))
            {
                changes.Add(Enumerator(ChangeKind.EnumeratorAdded, true, e, name, $"enumerator {name} = {Num(value)} added to {Spell(e)}", line));
            }
        }
    }

    /// <summary>An enumerator change: symbol is the enum (member the enumerator), or the enumerator itself in an anonymous enum.</summary>
    private static RawChange Enumerator(ChangeKind kind, bool ok, EnumDecl e, string name, string detail, int line)
    {
        var named = e.Tag != null || e.TypedefName != null;
        return new RawChange(kind, ok, named ? e.Id : name, named ? name : null, detail, new SourceLocation(e.Location.File, line));
    }

    private static Dictionary<string, (BigInteger Value, EnumDecl Enum, int Line)> Enumerators(UapiModel m, string t)
    {
        var primary = PrimaryFiles(m);
        var result = new Dictionary<string, (BigInteger, EnumDecl, int)>(StringComparer.Ordinal);
        foreach (var e in m.Enums.Where(e => e.ExistsOn(t) && primary.Contains(e.Location.File)))
        {
            foreach (var x in e.Enumerators)
            {
                if (x.Value.TryGet(t, out var v))
                {
                    result.TryAdd(x.Name, (v, e, x.Line));
                }
            }
        }

        return result;
    }

    private static void DiffConstants(UapiModel oldModel, UapiModel newModel, string t, List<RawChange> changes)
    {
        var olds = oldModel.Constants.Where(c => c.ExistsOn(t)).ToDictionary(c => c.Name);
        var news = newModel.Constants.Where(c => c.ExistsOn(t)).ToDictionary(c => c.Name);
        foreach (var (name, o) in olds)
        {
            if (news.TryGetValue(name, out var n))
            {
                if (o.Value.For(t) != n.Value.For(t))
                {
                    changes.Add(new RawChange(ChangeKind.ConstantValueChanged, false, name, null,
                        $"value changed from {Num(o.Value.For(t))} to {Num(n.Value.For(t))}", n.Location));
                }
            }
            else
            {
                changes.Add(new RawChange(ChangeKind.ConstantRemoved, false, name, null, $"constant {name} ({Num(o.Value.For(t))}) removed", o.Location));
            }
        }
        foreach (var (name, n) in news)
        {
            if (!olds.ContainsKey(name))
            {
                changes.Add(new RawChange(ChangeKind.ConstantAdded, true, name, null, $"constant {name} = {Num(n.Value.For(t))} added", n.Location));
            }
        }
    }

    private static void DiffRequests(UapiModel oldModel, UapiModel newModel, string t, Dictionary<string, bool> recordOk, List<RawChange> changes)
    {
        var olds = oldModel.Ioctls.Where(i => i.ExistsOn(t)).ToDictionary(i => i.Name);
        var news = newModel.Ioctls.Where(i => i.ExistsOn(t)).ToDictionary(i => i.Name);
        foreach (var (name, o) in olds)
        {
            if (!news.TryGetValue(name, out var n))
            {
                changes.Add(new RawChange(ChangeKind.RequestRemoved, false, name, null, $"request {name} ({Hex(o.Request.For(t))}) removed", o.Location));
                continue;
            }
            if (o.Type.For(t) != n.Type.For(t) || o.Number.For(t) != n.Number.For(t))
            {
                changes.Add(new RawChange(ChangeKind.RequestRenumbered, false, name, null,
                    $"renumbered from type 0x{o.Type.For(t):x} nr 0x{o.Number.For(t):x} to type 0x{n.Type.For(t):x} nr 0x{n.Number.For(t):x} (request {Hex(o.Request.For(t))} -> {Hex(n.Request.For(t))})", n.Location));
            }

            if (o.Direction != n.Direction)
            {
                changes.Add(new RawChange(ChangeKind.RequestDirectionChanged, false, name, null,
                    $"direction changed from {Dir(o.Direction)} to {Dir(n.Direction)}", n.Location));
            }

            if (o.Size.For(t) != n.Size.For(t))
            {
                var arg = n.Argument == null ? null : newModel.Resolve(n.Argument, t);
                var ok = arg is { Kind: TypeRefKind.Record } && recordOk.TryGetValue(arg.Name!, out var good) && good
                         && n.Size.For(t) > o.Size.For(t) && (o.Argument == null || Same(oldModel, o.Argument, newModel, n.Argument!, t));
                changes.Add(new RawChange(ChangeKind.RequestSizeChanged, ok, name, null,
                    $"size field changed from {o.Size.For(t)} to {n.Size.For(t)}" + (ok ? " (its argument grew compatibly)" : ""), n.Location));
            }
            if (o.Argument != null && n.Argument != null && !Same(oldModel, o.Argument, newModel, n.Argument, t))
            {
                changes.Add(new RawChange(ChangeKind.RequestArgumentChanged, o.Size.For(t) == n.Size.For(t), name, null,
                    $"argument type changed from {MemberFlattener.Canonical(oldModel, o.Argument, t)} to {MemberFlattener.Canonical(newModel, n.Argument, t)}", n.Location));
            }
        }
        foreach (var (name, n) in news)
        {
            if (!olds.ContainsKey(name))
            {
                changes.Add(new RawChange(ChangeKind.RequestAdded, true, name, null,
                    $"request {name} added ({Dir(n.Direction)}, type 0x{n.Type.For(t):x} nr 0x{n.Number.For(t):x}, size {n.Size.For(t)})", n.Location));
            }
        }
    }

    private static bool Same(UapiModel a, TypeRef x, UapiModel b, TypeRef y, string t) =>
        MemberFlattener.Canonical(a, x, t) == MemberFlattener.Canonical(b, y, t);

    private static string Spell(RecordDecl r) => Rules.RuleContext.Spell(r);
    private static string Spell(EnumDecl e) => e.Tag != null ? "enum " + e.Tag : e.TypedefName ?? "an anonymous enum";
    private static string Num(BigInteger v) => v.ToString(CultureInfo.InvariantCulture);
    private static string Hex(BigInteger v) => "0x" + v.ToString("x", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0');

    private static string Dir(IoctlDirection d) => d switch
    {
        IoctlDirection.None => "_IO",
        IoctlDirection.Write => "_IOW",
        IoctlDirection.Read => "_IOR",
        _ => "_IOWR",
    };
}
