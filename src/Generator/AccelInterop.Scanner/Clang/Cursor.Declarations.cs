using AccelInterop.Scanner.Clang.Native;

namespace AccelInterop.Scanner.Clang;

// What a cursor says about the declaration it stands for: records, fields, enums, typedefs,
// attributes. Each member is meaningful only for the kinds its comment names.
public readonly partial struct Cursor
{
    /// <summary>
    /// For a record or enum: it has no tag, whether it is an anonymous member
    /// (<c>union { ... };</c>) or the type of a named field (<c>struct { ... } f;</c>).
    /// </summary>
    public bool IsAnonymous => NativeMethods.clang_Cursor_isAnonymous(Native) != 0;

    /// <summary>
    /// For a record: an anonymous struct/union used as an unnamed member, whose fields the
    /// enclosing record's users reach directly (C11 anonymous members). A tag-less record
    /// declared as the type of a named field (<c>struct { int x; } f;</c>) is not one.
    /// </summary>
    public bool IsAnonymousRecordDecl => NativeMethods.clang_Cursor_isAnonymousRecordDecl(Native) != 0;

    /// <summary>
    /// For a field: it is the implicit, unnamed field that holds an anonymous struct/union
    /// member (only <see cref="ClangType.Fields"/> yields such fields). Its members are reached
    /// through the anonymous record, by their own names.
    /// </summary>
    public bool IsAnonymousMemberField =>
        Kind == CursorKind.FieldDecl && Type.NamedType.Declaration is { IsInvalid: false } declaration && declaration.IsAnonymousRecordDecl;

    /// <summary>For a field: it is a bit-field.</summary>
    public bool IsBitField => NativeMethods.clang_Cursor_isBitField(Native) != 0;

    /// <summary>For a bit-field: its width in bits; -1 for anything else.</summary>
    public int BitWidth => NativeMethods.clang_getFieldDeclBitWidth(Native);

    /// <summary>
    /// For a field: its offset in bits from the start of the innermost record that contains it
    /// (for a field of an anonymous member, that anonymous record), or a negative
    /// <see cref="TypeLayoutError"/>. For offsets from an outer record use
    /// <see cref="ClangType.OffsetOfBits"/>.
    /// </summary>
    public long OffsetOfFieldBits => NativeMethods.clang_Cursor_getOffsetOfField(Native);

    /// <summary>For an enum: its underlying integer type (unsigned int for an enum with a constant above INT_MAX).</summary>
    public ClangType EnumIntegerType => new(NativeMethods.clang_getEnumDeclIntegerType(Native), TranslationUnit);

    /// <summary>For an enumerator: its value, signed (read EnumConstantUnsignedValue for an unsigned enum).</summary>
    public long EnumConstantValue => NativeMethods.clang_getEnumConstantDeclValue(Native);

    /// <summary>For an enumerator: its value, unsigned (the bits of a negative value, zero-extended from the enum type).</summary>
    public ulong EnumConstantUnsignedValue => NativeMethods.clang_getEnumConstantDeclUnsignedValue(Native);

    /// <summary>For a typedef: the type it names.</summary>
    public ClangType TypedefUnderlyingType => new(NativeMethods.clang_getTypedefDeclUnderlyingType(Native), TranslationUnit);

    /// <summary>
    /// True when one of the direct children is an attribute of <paramref name="attributeKind"/>,
    /// e.g. <see cref="CursorKind.PackedAttr"/> on a packed struct. Attributes libclang does
    /// not classify are all <see cref="CursorKind.UnexposedAttr"/>.
    /// </summary>
    public bool HasAttribute(CursorKind attributeKind)
    {
        foreach (Cursor child in Children())
        {
            if (child.Kind == attributeKind)
            {
                return true;
            }
        }

        return false;
    }
}
