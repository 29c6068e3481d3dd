using System;
using System.Collections.Generic;
using System.Linq;

namespace AccelInterop.Model.Annotations;

/// <summary>
/// The member names a facts file may use per named record: its own members and, by their own
/// names, those of the anonymous records nested in it (how C code names them).
/// </summary>
public sealed class MemberScope
{
    private readonly Dictionary<string, HashSet<string>> _names = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

    public MemberScope(UapiModel model)
    {
        foreach (var r in model.Records)
        {
            var top = AbiFacts.NamedAncestor(r);
            if (!_names.TryGetValue(top, out var set))
            {
                _names[top] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.UnionWith(r.AllFields.Where(f => f.Name != null).Select(f => f.Name!));
        }
        // Anonymous records are only reached through a named one.
        foreach (var r in model.Records.Where(r => r.IsAnonymous))
        {
            _names.Remove(r.Id);
        }
    }

    /// <summary>The member names under a named record, or null when the model has no such record.</summary>
    public HashSet<string>? MembersOf(string record) => _names.TryGetValue(record, out var s) ? s : null;
}
