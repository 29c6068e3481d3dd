using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;

namespace AccelInterop.Emitter.Selection;

/// <summary>A model with the name it is emitted under (<c>xe</c> → namespace <c>…Xe</c>).</summary>
public sealed class NamedModel
{
    public NamedModel(string name, UapiModel model, AbiFacts facts, IReadOnlyList<string>? symbols = null, UapiModel? whole = null)
    {
        Name = name;
        Model = model;
        Facts = facts;
        Symbols = symbols;
        Whole = whole ?? model;
    }

    public string Name { get; }

    /// <summary>The model, reduced to <see cref="Symbols"/> for a selection.</summary>
    public UapiModel Model { get; }

    /// <summary>The model a selection was made from (<see cref="Model"/> for a model given whole): what is planned and emitted.</summary>
    public UapiModel Whole { get; }

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

/// <summary>One uAPI a selection reached: its name and the keys of the symbols it keeps (sorted).</summary>
public sealed class SelectedUapi
{
    public SelectedUapi(string name, IReadOnlyList<string> symbols)
    {
        Name = name;
        Symbols = symbols;
    }

    public string Name { get; }
    public IReadOnlyList<string> Symbols { get; }
}

/// <summary>
/// Applies a selection file to a set of uAPIs. Lines are applied in order (an exclude removes
/// what earlier lines selected; a later line may select it again); then every selected symbol
/// brings what it needs (<see cref="SelectionIndex.Close"/>), which an exclude does not remove,
/// since the bindings would not compile without it.
/// </summary>
public static class UapiSelector
{
    public static SelectionResult Select(IReadOnlyList<NamedModel> models, SelectionParse selection)
    {
        var (selected, errors) = Resolve(models.Select(m => SelectionIndex.Of(m.Name, m.Model, m.Facts)).ToList(), selection);
        var result = new List<NamedModel>();
        foreach (var s in selected)
        {
            var m = models.First(x => x.Name == s.Name);
            var keep = new HashSet<SymbolRef>(s.Symbols.Select(SymbolRef.Parse));
            result.Add(new NamedModel(m.Name, Subset(m.Model, keep), m.Facts, s.Symbols, m.Model));
        }

        return new SelectionResult(result, errors);
    }

    /// <summary>The selection against the uAPIs' indexes: what it keeps of each uAPI (in the order given; none left out), and its errors by line.</summary>
    public static (IReadOnlyList<SelectedUapi> Selected, IReadOnlyList<SelectionError> Errors) Resolve(IReadOnlyList<SelectionIndex> uapis, SelectionParse selection)
    {
        var errors = new List<SelectionError>(selection.Errors);
        var roots = new bool[uapis.Count][];
        for (var i = 0; i < uapis.Count; i++)
        {
            roots[i] = new bool[uapis[i].SymbolCount];
        }

        foreach (var entry in selection.Entries)
        {
            var matched = false;
            for (var i = 0; i < uapis.Count; i++)
            {
                if (!entry.IsWildcard && entry.Pattern == uapis[i].Uapi)
                {
                    var all = uapis[i].All;
                    for (var s = 0; s < all.Length; s++)
                    {
                        roots[i][s] = all[s] ? !entry.Exclude : roots[i][s];
                    }

                    matched = true;
                }
                else
                {
                    matched |= uapis[i].Apply(entry, roots[i], !entry.Exclude);
                }
            }
            if (!matched)
            {
                errors.Add(Unknown(entry, uapis));
            }
        }

        var selected = new List<SelectedUapi>();
        for (var i = 0; i < uapis.Count; i++)
        {
            if (Array.IndexOf(roots[i], true) >= 0)
            {
                selected.Add(new SelectedUapi(uapis[i].Uapi, uapis[i].Close(roots[i])));
            }
        }

        if (errors.Count > 1)
        {
            errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        }

        return (selected, errors);
    }

    private static SelectionError Unknown(SelectionEntry entry, IReadOnlyList<SelectionIndex> uapis)
    {
        var known = uapis.Select(u => u.Uapi).Concat(uapis.SelectMany(x => x.Names)).Distinct();
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
