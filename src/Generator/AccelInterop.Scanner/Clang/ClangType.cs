using AccelInterop.Scanner.Clang.Native;

namespace AccelInterop.Scanner.Clang;

/// <summary>
/// A C type as libclang sees it (CXType), for the target of its translation unit: sizes and
/// offsets are that target's. Like <see cref="Cursor"/>, it must not outlive its unit.
/// Layout queries return libclang's numbers as long: a negative value is a
/// <see cref="TypeLayoutError"/> (see <see cref="TypeLayout"/>).
/// </summary>
public readonly struct ClangType : IEquatable<ClangType>
{
    private readonly CXType _native;
    private readonly TranslationUnit? _owner;

    internal ClangType(CXType native, TranslationUnit owner)
    {
        _native = native;
        _owner = owner;
    }

    public TypeKind Kind => Native.Kind;

    /// <summary>False for libclang's invalid type (what queries return when they do not apply).</summary>
    public bool IsValid => _owner is not null && Native.Kind != TypeKind.Invalid;

    /// <summary>libclang's name for the kind, also for kinds <see cref="TypeKind"/> does not list.</summary>
    public string KindSpelling => CXStringMarshal.Take(NativeMethods.clang_getTypeKindSpelling(Native.Kind));

    /// <summary>The type as C would write it ("struct drm_version", "__u32", "const char *").</summary>
    public string Spelling => CXStringMarshal.Take(NativeMethods.clang_getTypeSpelling(Native));

    /// <summary>With every typedef, elaboration and attribute removed (__u32 → unsigned int).</summary>
    public ClangType Canonical => Wrap(NativeMethods.clang_getCanonicalType(Native));

    /// <summary>sizeof in bytes, or a negative <see cref="TypeLayoutError"/> (e.g. Incomplete for a flexible array).</summary>
    public long SizeOf => NativeMethods.clang_Type_getSizeOf(Native);

    /// <summary>_Alignof in bytes, or a negative <see cref="TypeLayoutError"/>.</summary>
    public long AlignOf => NativeMethods.clang_Type_getAlignOf(Native);

    /// <summary>
    /// For a record type: the offset in bits of the field named <paramref name="fieldName"/>,
    /// which may be a member of an anonymous struct/union member; a negative
    /// <see cref="TypeLayoutError"/> (InvalidFieldName) when there is no such field.
    /// </summary>
    public unsafe long OffsetOfBits(string fieldName)
    {
        ArgumentNullException.ThrowIfNull(fieldName);
        CXType native = Native;
        using var arena = new Utf8Arena();
        return NativeMethods.clang_Type_getOffsetOf(native, arena.Add(fieldName));
    }

    /// <summary>The declaration of a record, enum or typedef type; an invalid cursor (<see cref="Cursor.IsInvalid"/>, kind NoDeclFound) for builtin types.</summary>
    public Cursor Declaration => new(NativeMethods.clang_getTypeDeclaration(Native), Owner);

    /// <summary>For a pointer: the pointed-to type.</summary>
    public ClangType Pointee => Wrap(NativeMethods.clang_getPointeeType(Native));

    /// <summary>For an array (constant, incomplete, variable), vector or complex type: the element type.</summary>
    public ClangType ElementType => Wrap(NativeMethods.clang_getElementType(Native));

    /// <summary>For a constant array: the element count; -1 for anything else (an incomplete array included).</summary>
    public long ArraySize => NativeMethods.clang_getArraySize(Native);

    /// <summary>
    /// The type an <see cref="TypeKind.Elaborated"/> type names ("struct foo" → the record type,
    /// and from libclang 16 on "__u32" → the typedef type). Unlike clang_Type_getNamedType, a type
    /// that is not elaborated returns itself, so callers need not know which libclang version
    /// wrapped what. Qualifiers written before the keyword stay on the elaborated type
    /// (<c>const struct foo</c>): read <see cref="IsConstQualified"/> before unwrapping.
    /// </summary>
    public ClangType NamedType => Kind == TypeKind.Elaborated ? Wrap(NativeMethods.clang_Type_getNamedType(Native)) : this;

    /// <summary>For an <see cref="TypeKind.Attributed"/> type: the type without the attribute.</summary>
    public ClangType ModifiedType => Wrap(NativeMethods.clang_Type_getModifiedType(Native));

    /// <summary>For a typedef type (also behind an elaboration): the typedef's name; "" otherwise.</summary>
    public string TypedefName => CXStringMarshal.Take(NativeMethods.clang_getTypedefName(Native));

    /// <summary>The type itself is const-qualified (for <c>const int *</c>, only the pointee is).</summary>
    public bool IsConstQualified => NativeMethods.clang_isConstQualifiedType(Native) != 0;

    /// <summary>The type itself is volatile-qualified.</summary>
    public bool IsVolatileQualified => NativeMethods.clang_isVolatileQualifiedType(Native) != 0;

    /// <summary>
    /// For a record type: every field in declaration order (clang_Type_visitFields), including
    /// the implicit unnamed field that holds each anonymous struct/union member, which
    /// <see cref="Cursor.Children"/> does not give. Empty for an incomplete record.
    /// </summary>
    public List<Cursor> Fields()
    {
        TranslationUnit owner = Owner;
        List<CXCursor> fields = CursorCollector.Fields(Native);
        var result = new List<Cursor>(fields.Count);
        foreach (CXCursor field in fields)
        {
            result.Add(new Cursor(field, owner));
        }

        return result;
    }

    private TranslationUnit Owner => _owner ?? throw new InvalidOperationException("default(ClangType) belongs to no translation unit");

    private CXType Native
    {
        get
        {
            Owner.ThrowIfDisposed();
            return _native;
        }
    }

    private ClangType Wrap(CXType native) => new(native, Owner);

    /// <summary>Same type in the same unit (clang_equalTypes; typedef and canonical types differ).</summary>
    public bool Equals(ClangType other)
    {
        if (_owner is null || other._owner is null)
        {
            return _owner is null && other._owner is null;
        }

        return ReferenceEquals(_owner, other._owner) && NativeMethods.clang_equalTypes(Native, other.Native) != 0;
    }

    public override bool Equals(object? obj) => obj is ClangType other && Equals(other);

    /// <summary>Consistent with <see cref="Equals(ClangType)"/>: equal types have the same kind.</summary>
    public override int GetHashCode() => _owner is null ? 0 : (int)Kind;

    public static bool operator ==(ClangType left, ClangType right) => left.Equals(right);

    public static bool operator !=(ClangType left, ClangType right) => !left.Equals(right);

    public override string ToString() =>
        _owner is null ? "<no type>" : _owner.IsDisposed ? "<type of a disposed unit>" : Spelling;
}
