using System;
using System.Collections.Generic;
using AccelInterop.Emitter.Facts;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;

namespace AccelInterop.Emitter.Selection;

/// <summary>
/// What each declaration directly needs, so that selected declarations, closed over it
/// (<see cref="SelectionIndex.Close"/>), have everything they need to compile and to carry the same ABI facts as in a
/// full emission: the records, enums and typedef targets of members (not pointees: pointers
/// bind as integers), anonymous records nested in a record, a request's argument type, and the
/// constants of the flag families a member's annotation names (drm_xe_vm_bind_op.flags ← DRM_XE_VM_BIND_FLAG_*).
/// </summary>
internal sealed class DependencyGraph
{
    private readonly UapiModel _model;
    private readonly FlagFamilies _families;
    private readonly Dictionary<string, List<RecordDecl>> _children = new Dictionary<string, List<RecordDecl>>(StringComparer.Ordinal);
    private List<SymbolRef> _found = new List<SymbolRef>();

    public DependencyGraph(UapiModel model, AbiFacts facts)
    {
        _model = model;
        _families = new FlagFamilies(model, facts);
        foreach (var r in model.Records)
        {
            if (r.Parent != null)
            {
                if (!_children.TryGetValue(r.Parent, out var list))
                {
                    _children[r.Parent] = list = new List<RecordDecl>();
                }

                list.Add(r);
            }
        }
    }

    /// <summary>The declarations <paramref name="s"/> needs directly: its records' nested anonymous records, member and argument types, annotated flag families.</summary>
    public List<SymbolRef> Of(SymbolRef s)
    {
        _found = new List<SymbolRef>();
        switch (s.Kind)
        {
            case SymbolKind.Record: VisitRecord(s.Id); break;
            case SymbolKind.Ioctl:
                foreach (var i in _model.Ioctls)
                {
                    if (i.Name == s.Id && i.Argument != null)
                    {
                        VisitType(i.Argument, 0);
                    }
                }

                break;
        }
        return _found;
    }

    private void Push(SymbolRef s)
    {
        if (!_found.Contains(s))
        {
            _found.Add(s);
        }
    }

    private void VisitRecord(string id)
    {
        var r = _model.FindRecord(id);
        if (r == null)
        {
            return;
        }

        if (_children.TryGetValue(id, out var kids))
        {
            foreach (var k in kids)
            {
                Push(SymbolRef.Record(k.Id));
            }
        }

        var top = NamedAncestor(r);
        foreach (var f in r.AllFields)
        {
            VisitType(f.Type, 0);
            if (f.Name != null && _families.ForMember(top, f.Name) is FlagFamily fam)
            {
                AddFamily(fam);
            }
        }
    }

    private void AddFamily(FlagFamily fam)
    {
        foreach (var c in fam.Members)
        {
            Push(SymbolRef.Constant(c.Name));
        }
    }

    private void VisitType(TypeRef t, int depth)
    {
        if (depth > 64)
        {
            return;
        }

        switch (t.Kind)
        {
            case TypeRefKind.Record: Push(SymbolRef.Record(t.Name!)); break;
            case TypeRefKind.Enum: Push(SymbolRef.Enum(t.Name!)); break;
            case TypeRefKind.Array: VisitType(t.Element!, depth + 1); break;
            case TypeRefKind.Typedef:
                if (_model.FindTypedef(t.Name!) is TypedefDecl td)
                {
                    foreach (var u in Values(td.Underlying))
                    {
                        VisitType(u, depth + 1);
                    }
                }

                break;
        }
    }

    // ByTarget is empty for a uniform value.
    private static IEnumerable<T> Values<T>(PerTarget<T> p) => p.IsUniform ? new[] { p.Value } : (IEnumerable<T>)p.ByTarget.Values;

    private static string NamedAncestor(RecordDecl r) => r.Parent != null && r.IsAnonymous ? r.Parent.Split(':')[0] : r.Id;
}
