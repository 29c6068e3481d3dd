using System;

namespace AccelInterop.Model;

public enum TypeRefKind
{
    /// <summary>A C builtin type by its canonical spelling (<c>unsigned long long</c>).</summary>
    Builtin,
    /// <summary>A typedef by name (<c>__u64</c>); its chain is in <see cref="UapiModel.Typedefs"/>.</summary>
    Typedef,
    /// <summary>A struct or union by record id.</summary>
    Record,
    /// <summary>An enum by enum id.</summary>
    Enum,
    /// <summary>An array; <see cref="TypeRef.Length"/> is null for a flexible (incomplete) array.</summary>
    Array,
    Pointer,
    /// <summary>Function types, vectors and anything else: kept by spelling.</summary>
    Other,
}

/// <summary>
/// A reference to a C type as written in the header. Typedef names are kept (the uAPI's
/// <c>__u64</c>, <c>__le32</c>, <c>__kernel_size_t</c>) rather than canonicalised, so
/// consumers can see endianness and intent; the canonical type is one typedef-table walk away.
/// </summary>
public sealed class TypeRef : IEquatable<TypeRef>
{
    private TypeRef(TypeRefKind kind, string? name, TypeRef? element, long? length)
    {
        Kind = kind;
        Name = name;
        Element = element;
        Length = length;
    }

    public TypeRefKind Kind { get; }

    /// <summary>Builtin spelling, typedef name, record id, enum id, or the spelling for Other.</summary>
    public string? Name { get; }

    /// <summary>Element type of an array, pointee of a pointer.</summary>
    public TypeRef? Element { get; }

    /// <summary>Element count of an array; null for a flexible array member.</summary>
    public long? Length { get; }

    public static TypeRef Builtin(string spelling) => new TypeRef(TypeRefKind.Builtin, spelling, null, null);
    public static TypeRef Typedef(string name) => new TypeRef(TypeRefKind.Typedef, name, null, null);
    public static TypeRef Record(string id) => new TypeRef(TypeRefKind.Record, id, null, null);
    public static TypeRef Enum(string id) => new TypeRef(TypeRefKind.Enum, id, null, null);
    public static TypeRef Array(TypeRef element, long? length) => new TypeRef(TypeRefKind.Array, null, element, length);
    public static TypeRef Pointer(TypeRef pointee) => new TypeRef(TypeRefKind.Pointer, null, pointee, null);
    public static TypeRef Other(string spelling) => new TypeRef(TypeRefKind.Other, spelling, null, null);

    public bool Equals(TypeRef? other) =>
        other is not null && Kind == other.Kind && Name == other.Name && Length == other.Length
        && Equals(Element, other.Element);

    public override bool Equals(object? obj) => Equals(obj as TypeRef);

    public override int GetHashCode() =>
        ((int)Kind * 397) ^ (Name == null ? 0 : StringComparer.Ordinal.GetHashCode(Name)) ^ (Element?.GetHashCode() ?? 0) ^ Length.GetHashCode();

    /// <summary>C-like spelling, for messages (<c>__u32[4]</c>, <c>struct foo *</c>).</summary>
    public override string ToString() => Kind switch
    {
        TypeRefKind.Array => $"{Element}[{Length}]",
        TypeRefKind.Pointer => $"{Element} *",
        TypeRefKind.Record => $"record {Name}",
        TypeRefKind.Enum => $"enum {Name}",
        _ => Name ?? "?",
    };
}
