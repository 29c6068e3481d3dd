using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;

namespace AccelInterop.Emitter.Selection;

/// <summary>A model with the name it is emitted under (<c>xe</c> → namespace <c>…Xe</c>).</summary>
public sealed class NamedModel
{
    public NamedModel(string name, UapiModel model, AbiFacts facts, IReadOnlyList<string>? symbols = null)
    {
        Name = name;
        Model = model;
        Facts = facts;
        Symbols = symbols;
    }

    public string Name { get; }
    public UapiModel Model { get; }

    /// <summary>The uAPI's reviewed ABI facts, read against the whole model (a reduced model keeps them).</summary>
    public AbiFacts Facts { get; }

    /// <summary>
    /// For a reduced model, the keys of what it kept (sorted; see <see cref="UapiSelector.Restrict"/>),
    /// so a build-time pipeline can cache on them; null for a model given whole.
    /// </summary>
    public IReadOnlyList<string>? Symbols { get; }
}

/// <summary>What a selection resolved to: one reduced model per uAPI it touches, and its errors.</summary>
public sealed class SelectionResult
{
    public SelectionResult(IReadOnlyList<NamedModel> models, IReadOnlyList<SelectionError> errors)
    {
        Models = models;
        Errors = errors;
    }

    /// <summary>In the order the models were given; a uAPI nothing was selected from is left out.</summary>
    public IReadOnlyList<NamedModel> Models { get; }
    public IReadOnlyList<SelectionError> Errors { get; }
}

/// <summary>
/// Applies a selection file to a set of models. Lines are applied in order (an exclude removes
/// what earlier lines selected; a later line may select it again); then every selected symbol
/// brings what it needs (<see cref="DependencyClosure"/>), which an exclude does not remove,
/// since the bindings would not compile without it.
/// </summary>
public static class UapiSelector
{
    public static SelectionResult Select(IReadOnlyList<NamedModel> models, SelectionParse selection)
    {
        var errors = new List<SelectionError>(selection.Errors);
        var indexes = models.Select(m => new SymbolIndex(m.Model)).ToList();
        var roots = models.Select(_ => new HashSet<SymbolRef>()).ToList();
        foreach (var entry in selection.Entries)
        {
            var matched = false;
            for (var i = 0; i < models.Count; i++)
            {
                var found = !entry.IsWildcard && entry.Pattern == models[i].Name
                    ? indexes[i].All
                    : indexes[i].Matching(entry).ToList();
                if (found.Count == 0)
                {
                    continue;
                }

                matched = true;
                if (entry.Exclude)
                {
                    roots[i].ExceptWith(found);
                }
                else
                {
                    roots[i].UnionWith(found);
                }
            }
            if (!matched)
            {
                errors.Add(Unknown(entry, models, indexes));
            }
        }

        var result = new List<NamedModel>();
        for (var i = 0; i < models.Count; i++)
        {
            if (roots[i].Count == 0)
            {
                continue;
            }

            var closed = new DependencyClosure(models[i].Model, models[i].Facts).Close(roots[i]);
            var keys = closed.Select(k => k.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
            result.Add(new NamedModel(models[i].Name, Subset(models[i].Model, closed), models[i].Facts, keys));
        }
        return new SelectionResult(result, errors.OrderBy(e => e.Line).ToList());
    }

    private static SelectionError Unknown(SelectionEntry entry, IReadOnlyList<NamedModel> models, IReadOnlyList<SymbolIndex> indexes)
    {
        var known = models.Select(m => m.Name).Concat(indexes.SelectMany(x => x.Names)).Distinct();
        var what = entry.IsWildcard ? $"'{entry.Pattern}' matches no uAPI symbol" : $"'{entry.Pattern}' is not a uAPI symbol or uAPI name";
        return new SelectionError(entry.Line, entry.Pattern, what, NameSuggestions.For(entry.Pattern, known));
    }

    /// <summary>The model reduced to symbols kept by an earlier <see cref="Select"/> (<see cref="NamedModel.Symbols"/>).</summary>
    public static UapiModel Restrict(UapiModel model, IEnumerable<string> symbols) =>
        Subset(model, new HashSet<SymbolRef>(symbols.Select(SymbolRef.Parse)));

    /// <summary>The model restricted to the closure, in the model's own order; typedefs are all kept (they emit nothing).</summary>
    private static UapiModel Subset(UapiModel m, HashSet<SymbolRef> keep) => m.With(
        records: m.Records.Where(r => keep.Contains(SymbolRef.Record(r.Id))).ToList(),
        enums: m.Enums.Where(e => keep.Contains(SymbolRef.Enum(e.Id))).ToList(),
        constants: m.Constants.Where(c => keep.Contains(SymbolRef.Constant(c.Name))).ToList(),
        ioctls: m.Ioctls.Where(i => keep.Contains(SymbolRef.Ioctl(i.Name))).ToList());
}
