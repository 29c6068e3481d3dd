using AccelInterop.Model;

namespace AccelInterop.Conformance.Diff;

/// <summary>
/// Carries a change of a record to the records that hold it by value (directly, in an array, or
/// through anonymous members), as abidiff does: a member whose own place and size did not change
/// but whose record type did gets a <see cref="ChangeKind.MemberRecordChanged"/> change, compatible
/// exactly when the nested record's changes are. Updates the per-record compatibility accordingly.
/// </summary>
internal sealed class NestedChanges(UapiModel newModel, string target, IReadOnlyDictionary<string, RecordDecl> records,
    Dictionary<string, List<RawChange>> own, Dictionary<string, bool> compatible)
{
    private readonly Dictionary<string, (bool Changed, bool Compatible)> _memo = new(StringComparer.Ordinal);

    public void AddTo(List<RawChange> changes)
    {
        foreach (var id in own.Keys.ToList())
        {
            Resolve(id, 0);
        }

        foreach (var list in own.Values)
        {
            changes.AddRange(list);
        }
    }

    private (bool Changed, bool Compatible) Resolve(string id, int depth)
    {
        if (_memo.TryGetValue(id, out var known))
        {
            return known;
        }

        if (!own.TryGetValue(id, out var list) || depth > 32)
        {
            return (false, true);
        }

        _memo[id] = (list.Count > 0, compatible.GetValueOrDefault(id, true));   // cycle guard
        var record = records[id];
        var direct = list.Where(c => c.Member != null).Select(c => c.Member!).ToHashSet(StringComparer.Ordinal);
        foreach (var m in MemberFlattener.Flatten(newModel, record, target))
        {
            if (direct.Contains(m.Path) || NamedRecordOf(m.Declared) is not { } nested || nested == id)
            {
                continue;
            }

            var (changed, ok) = Resolve(nested, depth + 1);
            if (!changed)
            {
                continue;
            }

            list.Add(new RawChange(ChangeKind.MemberRecordChanged, ok, id, m.Path,
                $"the type of {m.Path} ({m.Canonical}) changed {(ok ? "compatibly" : "incompatibly")}; see {nested}",
                m.Line > 0 ? new SourceLocation(record.Location.File, m.Line) : record.Location));
        }
        var result = (list.Count > 0, list.All(c => c.IsCompatible));
        compatible[id] = compatible.GetValueOrDefault(id, true) && result.Item2;
        _memo[id] = result;
        return result;
    }

    /// <summary>The named record a member holds by value (through typedefs and arrays), if any.</summary>
    private string? NamedRecordOf(TypeRef type)
    {
        for (var depth = 0; depth < 32; depth++)
        {
            type = newModel.Resolve(type, target);
            if (type.Kind != TypeRefKind.Array)
            {
                break;
            }

            type = type.Element!;
        }
        return type.Kind == TypeRefKind.Record && records.TryGetValue(type.Name!, out var r) && !r.IsAnonymous ? r.Id : null;
    }
}
