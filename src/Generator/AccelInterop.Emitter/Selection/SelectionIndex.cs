using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AccelInterop.Emitter.Compiled;
using AccelInterop.Model;
using AccelInterop.Model.Annotations;

namespace AccelInterop.Emitter.Selection;

/// <summary>
/// All a selection reads of one uAPI: the names its lines may use, each with the symbols it selects,
/// and what each symbol needs (<see cref="DependencyGraph"/>). Built from a model once, kept as one
/// byte array (a <see cref="Blob"/>: names sorted for binary search, symbols by id), so the source
/// generator embeds it precompiled and a build looks names up without reading the rest.
/// </summary>
public sealed class SelectionIndex
{
    // Header: magic, uapi, symbol count, name count; then the symbol table (key, needs) and the
    // name table (name, symbols), two int slots a row; then the strings and int lists they point at.
    private const int Magic = 0x31495341;
    private const int Header = 16;

    private readonly Blob _blob;
    private readonly int _symbols;
    private readonly int _names;
    private bool[]? _all;
    private IReadOnlyCollection<string>? _allNames;

    private SelectionIndex(Blob blob)
    {
        _blob = blob;
        if (blob.Length < Header || _blob.Int(0) != Magic)
        {
            throw new InvalidDataException("not a selection index");
        }

        Uapi = _blob.String(_blob.Int(4));
        _symbols = _blob.Int(8);
        _names = _blob.Int(12);
    }

    public static SelectionIndex Read(Stream stream) => new SelectionIndex(Blob.Read(stream));

    public void WriteTo(Stream stream) => _blob.WriteTo(stream);

    /// <summary>A model's index: <see cref="SymbolIndex"/>'s names and <see cref="DependencyGraph"/>'s needs.</summary>
    public static SelectionIndex Of(string uapi, UapiModel model, AbiFacts facts)
    {
        var names = new SymbolIndex(model).Entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        var graph = new DependencyGraph(model, facts);
        var needs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var s in model.Records.Select(r => SymbolRef.Record(r.Id)).Concat(model.Ioctls.Select(i => SymbolRef.Ioctl(i.Name))))
        {
            needs[s.Key] = graph.Of(s).Select(d => d.Key).ToList();
        }

        var keys = names.SelectMany(e => e.Value.Select(v => v.Key)).Concat(needs.Keys).Concat(needs.Values.SelectMany(v => v))
            .Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var id = keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i, StringComparer.Ordinal);

        var w = new BlobWriter();
        var header = w.Slots(4);
        var symbolTable = w.Slots(2 * keys.Count);
        var nameTable = w.Slots(2 * names.Count);
        w.Patch(header, Magic);
        w.Patch(header + 4, w.String(uapi));
        w.Patch(header + 8, keys.Count);
        w.Patch(header + 12, names.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            w.Patch(symbolTable + (8 * i), w.String(keys[i]));
            var of = needs.TryGetValue(keys[i], out var n) ? n.Select(k => id[k]).ToList() : new List<int>();
            w.Patch(symbolTable + (8 * i) + 4, w.Ints(of));
        }

        for (var i = 0; i < names.Count; i++)
        {
            w.Patch(nameTable + (8 * i), w.String(names[i].Key));
            w.Patch(nameTable + (8 * i) + 4, w.Ints(names[i].Value.Select(v => id[v.Key]).OrderBy(x => x).ToList()));
        }

        return new SelectionIndex(new Blob(w.ToArray()));
    }

    public string Uapi { get; }

    /// <summary>The names a line may use (decoded on first use: suggestions for a name that matches nothing).</summary>
    public IReadOnlyCollection<string> Names => _allNames ??= Enumerable.Range(0, _names).Select(Name).ToList();

    /// <summary>The number of symbols; a symbol is an id below it, ids in the order of their keys.</summary>
    public int SymbolCount => _symbols;

    // Sets of symbols are bool[SymbolCount], not HashSet<int>: a cold build would compile the value-type
    // generic collections it has not used yet, which costs more than the whole lookup.

    /// <summary>Every selectable symbol (a whole-uAPI line).</summary>
    public bool[] All
    {
        get
        {
            if (_all == null)
            {
                var all = new bool[_symbols];
                for (var name = 0; name < _names; name++)
                {
                    Mark(all, name, true);
                }

                _all = all;
            }

            return _all;
        }
    }

    /// <summary>A symbol's key (<c>Record:drm_xe_exec</c>).</summary>
    public string Key(int symbol) => _blob.String(_blob.Int(Header + (8 * symbol)));

    /// <summary>Sets (<paramref name="select"/>) or clears in <paramref name="symbols"/> what a line names; false when it names nothing.</summary>
    public bool Apply(SelectionEntry entry, bool[] symbols, bool select)
    {
        if (!entry.IsWildcard)
        {
            var at = LowerBound(entry.Pattern);
            if (at >= _names || _blob.Compare(NameOffset(at), entry.Pattern) != 0)
            {
                return false;
            }

            Mark(symbols, at, select);
            return true;
        }

        var prefix = entry.Pattern.Substring(0, entry.Pattern.Length - 1);
        var matched = false;
        for (var i = LowerBound(prefix); i < _names && _blob.StartsWith(NameOffset(i), prefix); i++)
        {
            Mark(symbols, i, select);
            matched = true;
        }

        return matched;
    }

    /// <summary>The keys of the roots and everything they need, transitively, in key order.</summary>
    public List<string> Close(bool[] roots)
    {
        var done = new bool[_symbols];
        var work = new int[_symbols];
        var top = 0;
        for (var s = 0; s < _symbols; s++)
        {
            if (roots[s])
            {
                done[s] = true;
                work[top++] = s;
            }
        }

        while (top > 0)
        {
            var needs = _blob.Int(Header + (8 * work[--top]) + 4);
            for (int i = 0, n = _blob.Int(needs); i < n; i++)
            {
                var need = _blob.Int(needs + 4 + (4 * i));
                if (!done[need])
                {
                    done[need] = true;
                    work[top++] = need;
                }
            }
        }

        var keys = new List<string>();
        for (var s = 0; s < _symbols; s++)
        {
            if (done[s])
            {
                keys.Add(Key(s));
            }
        }

        return keys;
    }

    private void Mark(bool[] symbols, int name, bool value)
    {
        var list = _blob.Int(Header + (8 * _symbols) + (8 * name) + 4);
        for (int i = 0, n = _blob.Int(list); i < n; i++)
        {
            symbols[_blob.Int(list + 4 + (4 * i))] = value;
        }
    }

    private int NameOffset(int name) => _blob.Int(Header + (8 * _symbols) + (8 * name));

    private string Name(int name) => _blob.String(NameOffset(name));

    /// <summary>The first name not ordered before <paramref name="s"/>.</summary>
    private int LowerBound(string s)
    {
        int lo = 0, hi = _names;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (_blob.Compare(NameOffset(mid), s) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
