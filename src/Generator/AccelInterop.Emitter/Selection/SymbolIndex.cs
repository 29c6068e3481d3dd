using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Selection;

/// <summary>
/// The names a selection line may use for one model's declarations: record tags and typedef
/// names, enum tags and typedef names, enumerators (select their enum), constants, ioctls, and
/// typedefs that name a record or enum.
/// </summary>
internal sealed class SymbolIndex
{
    private readonly Dictionary<string, List<SymbolRef>> _byName = new Dictionary<string, List<SymbolRef>>(StringComparer.Ordinal);

    public SymbolIndex(UapiModel model)
    {
        foreach (var r in model.Records)
        {
            if (r.Tag != null)
            {
                Add(r.Tag, SymbolRef.Record(r.Id));
            }

            if (r.TypedefName != null)
            {
                Add(r.TypedefName, SymbolRef.Record(r.Id));
            }

            if (!r.IsAnonymous)
            {
                Add(r.Id, SymbolRef.Record(r.Id));
            }
        }
        foreach (var e in model.Enums)
        {
            if (e.Tag != null)
            {
                Add(e.Tag, SymbolRef.Enum(e.Id));
            }

            if (e.TypedefName != null)
            {
                Add(e.TypedefName, SymbolRef.Enum(e.Id));
            }

            foreach (var en in e.Enumerators)
            {
                Add(en.Name, SymbolRef.Enum(e.Id));
            }
        }
        foreach (var c in model.Constants)
        {
            Add(c.Name, SymbolRef.Constant(c.Name));
        }

        foreach (var i in model.Ioctls)
        {
            Add(i.Name, SymbolRef.Ioctl(i.Name));
        }

        foreach (var t in model.Typedefs)
        {
            foreach (var target in model.Targets)
            {
                var resolved = model.Resolve(TypeRef.Typedef(t.Name), target);
                if (resolved.Kind == TypeRefKind.Record && model.FindRecord(resolved.Name!) != null)
                {
                    Add(t.Name, SymbolRef.Record(resolved.Name!));
                }
                else if (resolved.Kind == TypeRefKind.Enum && model.FindEnum(resolved.Name!) != null)
                {
                    Add(t.Name, SymbolRef.Enum(resolved.Name!));
                }
            }
        }
    }

    /// <summary>Each name with the declarations it selects, in the model's order.</summary>
    public IEnumerable<KeyValuePair<string, List<SymbolRef>>> Entries => _byName;

    private void Add(string name, SymbolRef symbol)
    {
        if (!_byName.TryGetValue(name, out var list))
        {
            _byName[name] = list = new List<SymbolRef>();
        }

        if (!list.Contains(symbol))
        {
            list.Add(symbol);
        }
    }
}
