using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Mapping;

/// <summary>
/// Binds model types to C# types. Fixed-width C types map to fixed-width C# types; C types
/// that are pointer-sized on Linux (long, unsigned long, pointers) map to nint/nuint, so one
/// C# declaration has the right size on both ILP32 and LP64 targets.
/// </summary>
internal sealed class TypeMapper
{
    private readonly UapiModel _model;
    private readonly Func<string, IReadOnlyDictionary<string, NetLayout>> _recordLayouts;

    public TypeMapper(UapiModel model, IReadOnlyList<EmitterTarget> targets,
        Func<string, IReadOnlyDictionary<string, NetLayout>> recordLayouts)
    {
        _model = model;
        Targets = targets;
        _recordLayouts = recordLayouts;
        _recordTypes = CsNames.RecordTypes(model.Records.Select(r => r.Id));
        _modelTypeNames = new HashSet<string>(_recordTypes.Values.Concat(model.Enums.Select(EnumName).OfType<string>()), StringComparer.Ordinal);
    }

    // The C# names of the model's own records and enums: an inline-array type steps aside for them
    // (a C tag may legally be spelled elem_Array2).
    private readonly HashSet<string> _modelTypeNames;

    private readonly Dictionary<string, string> _recordTypes;

    /// <summary>The C# type of a record id (unique in the model, see <see cref="CsNames.RecordTypes"/>).</summary>
    public string RecordType(string id) => _recordTypes.TryGetValue(id, out var name) ? name : CsNames.RecordType(id);

    public IReadOnlyList<EmitterTarget> Targets { get; }

    /// <summary>Every <c>[InlineArray]</c> type the bound records need: name → (element type, length).</summary>
    public SortedDictionary<string, KeyValuePair<string, long>> InlineArrays { get; } =
        new SortedDictionary<string, KeyValuePair<string, long>>(StringComparer.Ordinal);

    public CsType Map(TypeRef type)
    {
        switch (type.Kind)
        {
            case TypeRefKind.Builtin:
            case TypeRefKind.Typedef:
                return MapScalarOrResolved(type);
            case TypeRefKind.Enum:
                return MapEnum(type.Name!);
            case TypeRefKind.Record:
                return MapRecord(type.Name!);
            case TypeRefKind.Array:
                return MapArray(Map(type.Element!), type.Length ?? 0);
            case TypeRefKind.Pointer:
                return PointerSized("nuint", false);
            default:
                return new CsType("byte", CsTypeKind.Opaque, false, new Dictionary<string, NetLayout>());
        }
    }

    /// <summary>The C# integer type for a C integer type spelled per target (enum bases, constants).</summary>
    public CsType MapIntegerSpellings(Func<EmitterTarget, string?> spellingFor)
    {
        var scalars = new Dictionary<string, CScalar>();
        foreach (var t in Targets)
        {
            if (spellingFor(t) is string s)
            {
                scalars[t.Triple] = CBuiltin.Describe(s, t);
            }
        }

        return FromScalars(scalars);
    }

    private CsType MapScalarOrResolved(TypeRef type)
    {
        var scalars = new Dictionary<string, CScalar>();
        TypeRef? nonScalar = null;
        foreach (var t in Targets)
        {
            var resolved = _model.Resolve(type, t.Triple);
            if (resolved.Kind == TypeRefKind.Builtin)
            {
                scalars[t.Triple] = CBuiltin.Describe(resolved.Name!, t);
            }
            else if (resolved.Kind != TypeRefKind.Typedef)
            {
                nonScalar ??= resolved;
            }
        }
        // A typedef of a record, enum or array (drm_version_t): bind what it names.
        if (nonScalar != null && scalars.Count == 0)
        {
            return Map(nonScalar);
        }

        return FromScalars(scalars);
    }

    private CsType FromScalars(Dictionary<string, CScalar> scalars)
    {
        if (scalars.Count == 0 || scalars.Values.Any(s => !s.IsKnown))
        {
            return new CsType("byte", CsTypeKind.Opaque, false, new Dictionary<string, NetLayout>());
        }

        var first = scalars.Values.First();
        var sizes = scalars.Values.Select(s => s.Size).Distinct().ToList();
        if (sizes.Count == 1)
        {
            var layouts = new Dictionary<string, NetLayout>();
            foreach (var t in Targets)
            {
                if (scalars.ContainsKey(t.Triple))
                {
                    layouts[t.Triple] = Primitive(first.Size, t);
                }
            }

            return new CsType(CBuiltin.FixedName(first.Size, first.Signed, first.IsFloat),
                first.IsFloat ? CsTypeKind.Float : CsTypeKind.Integer, first.Signed, layouts);
        }
        if (!first.IsFloat && Targets.Where(t => scalars.ContainsKey(t.Triple)).All(t => scalars[t.Triple].Size == t.PointerSize))
        {
            return PointerSized(first.Signed ? "nint" : "nuint", first.Signed);
        }
        // Sizes differ but not as the pointer does: bound by the widest, exact only where it fits.
        var max = sizes.Max();
        var partial = new Dictionary<string, NetLayout>();
        foreach (var t in Targets)
        {
            if (scalars.TryGetValue(t.Triple, out var s) && s.Size == max)
            {
                partial[t.Triple] = Primitive(max, t);
            }
        }

        return new CsType(CBuiltin.FixedName(max, first.Signed, first.IsFloat), CsTypeKind.Integer, first.Signed, partial);
    }

    private CsType PointerSized(string name, bool signed)
    {
        var layouts = new Dictionary<string, NetLayout>();
        foreach (var t in Targets)
        {
            layouts[t.Triple] = new NetLayout(t.PointerSize, t.PointerSize);
        }

        return new CsType(name, CsTypeKind.Integer, signed, layouts);
    }

    private static NetLayout Primitive(int size, EmitterTarget t) => new NetLayout(size, size == 8 ? t.Int64Alignment : size);

    /// <summary>A named enum binds to its C# enum (when its base is fixed-width); an anonymous one to its base.</summary>
    private CsType MapEnum(string id)
    {
        var e = _model.FindEnum(id);
        if (e == null)
        {
            return new CsType("byte", CsTypeKind.Opaque, false, new Dictionary<string, NetLayout>());
        }

        var baseType = EnumBase(e);
        if (EnumName(e) is string name && baseType.Kind == CsTypeKind.Integer && !baseType.IsPointerSized)
        {
            return new CsType(CsNames.Identifier(name), CsTypeKind.Enum, baseType.Signed, baseType.Layouts);
        }

        return baseType;
    }

    public CsType EnumBase(EnumDecl e) =>
        MapIntegerSpellings(t => e.IntegerType.TryGet(t.Triple, out var s) ? s : null);

    /// <summary>The C# enum type name of a named enum; null for an anonymous one.</summary>
    public static string? EnumName(EnumDecl e) => e.Tag ?? e.TypedefName;

    private CsType MapRecord(string id)
    {
        var layouts = new Dictionary<string, NetLayout>();
        foreach (var kv in _recordLayouts(id))
        {
            layouts[kv.Key] = kv.Value;
        }

        return new CsType(RecordType(id), CsTypeKind.Record, false, layouts);
    }

    public CsType MapArray(CsType element, long length)
    {
        var name = element.Name.TrimStart('@') + "_Array" + length;
        while (_modelTypeNames.Contains(name))
        {
            name += "_";
        }

        InlineArrays[name] = new KeyValuePair<string, long>(element.Name, length);
        var layouts = new Dictionary<string, NetLayout>();
        foreach (var kv in element.Layouts)
        {
            layouts[kv.Key] = new NetLayout(kv.Value.Size * length, kv.Value.Align);
        }

        return new CsType(name, CsTypeKind.InlineArray, false, layouts);
    }
}
