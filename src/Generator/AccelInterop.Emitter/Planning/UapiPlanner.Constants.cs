using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AccelInterop.Emitter.Facts;
using AccelInterop.Emitter.Mapping;
using AccelInterop.Emitter.Plan;
using AccelInterop.Emitter.Rendering;
using AccelInterop.Emitter.Selection;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Planning;

/// <summary>Enums, flag enums and constants, typed from their C types.</summary>
internal sealed partial class UapiPlanner
{
    private void AddEnums(UapiPlan view)
    {
        foreach (var e in _model.Enums)
        {
            var name = TypeMapper.EnumName(e);
            var baseType = _planner.Mapper.EnumBase(e);
            var asEnum = name != null && baseType.Kind == CsTypeKind.Integer && !baseType.IsPointerSized;
            EnumPlan? ev = null;
            if (asEnum)
            {
                ev = new EnumPlan(CsNames.Identifier(name!), baseType.Name, false) { Declaration = Owned(SymbolRef.Enum(e.Id)) };
                ev.Doc.Add(Doc(e, "enum " + name));
                view.Enums.Add(ev);
            }
            foreach (var en in e.Enumerators)
            {
                if (ev != null && en.Value.IsUniform && Literals.Fits(en.Value.Value, baseType.Name))
                {
                    ev.Members.Add(new EnumMemberPlan(CsNames.Identifier(en.Name), en.Value.Value,
                        $"<summary><c>{en.Name}</c> ({e.Location.File}:{en.Line}).</summary>"));
                    continue;
                }
                // Anonymous enums and enumerators whose value differs per architecture become constants.
                var type = baseType.Kind == CsTypeKind.Integer ? baseType.Name : "long";
                var constant = Constant(en.Name, type, $"<summary><c>{en.Name}</c> ({e.Location.File}:{en.Line}).</summary>",
                    en.Value.IsUniform && OnAllTargets(e) ? en.Value.Value : (BigInteger?)null, PerArchitecture(e, en.Value));
                constant.Declaration = Owned(SymbolRef.Enum(e.Id));
                view.Constants.Add(constant);
            }
        }
    }

    /// <summary>The family's prefix, unless a record or enum already has that name.</summary>
    private string FlagEnumName(FlagFamily f) => _typeNames.Contains(f.Prefix) ? f.Prefix + "_FLAGS" : f.Prefix;

    /// <summary>Only the families some member takes (records are planned first); a record whose member takes one selects it.</summary>
    private void AddFlagEnums(UapiPlan view, List<RecordPlan> records)
    {
        var takers = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var rp in records)
        {
            foreach (var m in rp.Struct.Members.Where(m => m.Abi.FlagEnum != null))
            {
                if (!takers.TryGetValue(m.Abi.FlagEnum!, out var owners))
                {
                    takers[m.Abi.FlagEnum!] = owners = new SortedSet<string>(StringComparer.Ordinal);
                }

                owners.Add(SymbolRef.Record(rp.Decl.Id).Key);
            }
        }

        foreach (var f in _families.Used)
        {
            var name = FlagEnumName(f);
            var ev = new EnumPlan(name, FlagBase(f), true)
            {
                Declaration = new EmitDeclaration(name, takers.TryGetValue(name, out var owners) ? owners.ToList() : new List<string>(), false, NoSymbols),
            };
            ev.Doc.Add($"<summary>The single-bit constants <c>{f.Prefix}_*</c> ({f.Members[0].Location.File}), as flags.</summary>");
            foreach (var c in f.Members)
            {
                ev.Members.Add(new EnumMemberPlan(c.Name, c.Value.Value, $"<summary><c>{c.Name}</c> ({c.Location}).</summary>"));
            }

            view.Enums.Add(ev);
        }
    }

    /// <summary>The unsigned type of the members a family goes into: u32 flags words, u64 when a bit is past 31.</summary>
    private static string FlagBase(FlagFamily f) => f.Members.Any(c => c.Value.Value > uint.MaxValue) ? "ulong" : "uint";

    private void AddConstants(UapiPlan view)
    {
        // "#define X X" after an enumerator X (rtnetlink, xfrm): the enumerator already binds the name.
        var bound = new HashSet<string>(view.Constants.Select(k => k.Name), StringComparer.Ordinal);
        // A flag bit is typed like the flags member it goes into (uint), not like its C literal (int), so
        // `req.flags = A | B` and `flags & ~A` need no casts; the doc keeps the C type.
        var flagBase = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in _families.Used)
        {
            foreach (var m in f.Members)
            {
                flagBase[m.Name] = FlagBase(f);
            }
        }

        foreach (var c in _model.Constants)
        {
            if (bound.Contains(CsNames.Identifier(c.Name)))
            {
                continue;
            }

            var cs = _planner.Mapper.MapIntegerSpellings(t => c.CType.TryGet(t.Triple, out var s) ? s : null);
            var type = flagBase.TryGetValue(c.Name, out var unsigned) ? unsigned : cs.Kind == CsTypeKind.Integer ? cs.Name : "long";
            var ctype = c.CType.IsUniform ? c.CType.Value : string.Join(" / ", c.CType.ByTarget.Values.Distinct());
            var constant = Constant(c.Name, type, $"<summary><c>{c.Name}</c> ({c.Location}), C type <c>{ctype}</c>.</summary>",
                c.Value.IsUniform && OnAllTargets(c) ? c.Value.Value : (BigInteger?)null, PerArchitecture(c, c.Value));
            constant.Declaration = Owned(SymbolRef.Constant(c.Name));
            view.Constants.Add(constant);
        }
    }

    /// <summary>A declaration that <paramref name="symbol"/> selects and that needs no type.</summary>
    private static EmitDeclaration Owned(SymbolRef symbol) => new EmitDeclaration(null, new[] { symbol.Key }, false, NoSymbols);

    private static ConstantPlan Constant(string name, string type, string doc, BigInteger? uniform, List<BigInteger?> table)
    {
        var v = new ConstantPlan(CsNames.Identifier(name), type, doc);
        if (uniform is BigInteger u && Literals.Fits(u, type))
        {
            v.Value = u;
        }
        else
        {
            v.PerArchitecture = table;
        }

        return v;
    }
}
