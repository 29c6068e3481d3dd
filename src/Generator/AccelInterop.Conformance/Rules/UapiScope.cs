using AccelInterop.Model;

namespace AccelInterop.Conformance.Rules;

/// <summary>
/// The records the design rules apply to: every struct or union defined in one of the model's
/// primary headers, and every record an ioctl argument contains by value (through nested records,
/// anonymous members and arrays, not through pointers), wherever it is defined. Anonymous records
/// inside a record in scope are in scope too.
/// </summary>
public sealed class UapiScope
{
    private readonly Dictionary<string, List<string>> _requestsByRecord = new(StringComparer.Ordinal);
    private readonly HashSet<string> _records = new(StringComparer.Ordinal);

    private UapiScope() { }

    public static UapiScope Of(UapiModel model, IReadOnlyList<string> targets)
    {
        var scope = new UapiScope();
        var primary = new HashSet<string>(model.Headers.Select(h => h.Path), StringComparer.Ordinal);
        foreach (var r in model.Records.Where(r => r.Parent == null && primary.Contains(r.Location.File)))
        {
            scope.Add(model, r.Id, null, targets, 0);
        }

        foreach (var i in model.Ioctls)
        {
            if (i.Argument != null)
            {
                scope.AddType(model, i.Argument, i.Name, targets, 0);
            }
        }

        return scope;
    }

    /// <summary>Records in scope, in the model's order.</summary>
    public IEnumerable<RecordDecl> Records(UapiModel model) => model.Records.Where(r => _records.Contains(r.Id));

    public bool Contains(string recordId) => _records.Contains(recordId);

    /// <summary>Requests whose argument contains the record (empty when it is in scope only by where it is defined).</summary>
    public IReadOnlyList<string> RequestsUsing(string recordId) =>
        _requestsByRecord.TryGetValue(recordId, out var l) ? l : [];

    /// <summary>Whether the record is reached from an ioctl argument.</summary>
    public bool IsIoctlArgument(string recordId) => _requestsByRecord.ContainsKey(recordId);

    private void AddType(UapiModel model, TypeRef type, string? request, IReadOnlyList<string> targets, int depth)
    {
        if (depth > 64)
        {
            return;
        }

        switch (type.Kind)
        {
            case TypeRefKind.Record:
                Add(model, type.Name!, request, targets, depth + 1);
                break;
            case TypeRefKind.Array:
                AddType(model, type.Element!, request, targets, depth + 1);
                break;
            case TypeRefKind.Typedef:
                if (model.FindTypedef(type.Name!) is { } td)
                {
                    foreach (var t in targets)
                    {
                        if (td.Underlying.TryGet(t, out var next))
                        {
                            AddType(model, next, request, targets, depth + 1);
                        }
                    }
                }

                break;
        }
    }

    private void Add(UapiModel model, string id, string? request, IReadOnlyList<string> targets, int depth)
    {
        if (model.FindRecord(id) is not { } record)
        {
            return;
        }

        var known = _records.Contains(id);
        if (request != null)
        {
            if (!_requestsByRecord.TryGetValue(id, out var list))
            {
                _requestsByRecord[id] = list = [];
            }

            if (list.Contains(request))
            {
                return;
            }

            list.Add(request);
        }
        else if (known)
        {
            return;
        }

        _records.Add(id);
        foreach (var f in record.AllFields)
        {
            AddType(model, f.Type, request, targets, depth);
        }
    }
}
