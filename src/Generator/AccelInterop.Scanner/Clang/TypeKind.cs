namespace AccelInterop.Scanner.Clang;

/// <summary>
/// The type kinds of C declarations, with the exact values of <c>enum CXTypeKind</c>
/// (clang-c/Index.h). All members exist in libclang 14 unless their comment says otherwise;
/// an older libclang reports a kind it does not know as <see cref="Unexposed"/>.
/// </summary>
public enum TypeKind
{
    Invalid = 0,

    /// <summary>A type libclang does not classify; look at <see cref="ClangType.Canonical"/>.</summary>
    Unexposed = 1,
    Void = 2,
    Bool = 3,

    /// <summary>Plain <c>char</c> on a target where it is unsigned (arm, aarch64, powerpc, s390x, riscv).</summary>
    Char_U = 4,
    UChar = 5,
    Char16 = 6,
    Char32 = 7,
    UShort = 8,
    UInt = 9,
    ULong = 10,
    ULongLong = 11,
    UInt128 = 12,

    /// <summary>Plain <c>char</c> on a target where it is signed (x86, x86_64, loongarch64).</summary>
    Char_S = 13,
    SChar = 14,
    WChar = 15,
    Short = 16,
    Int = 17,
    Long = 18,
    LongLong = 19,
    Int128 = 20,
    Float = 21,
    Double = 22,
    LongDouble = 23,
    Float128 = 30,
    Half = 31,
    Float16 = 32,
    BFloat16 = 39,
    Ibm128 = 40,

    Complex = 100,
    Pointer = 101,
    Record = 105,
    Enum = 106,
    Typedef = 107,
    FunctionNoProto = 110,
    FunctionProto = 111,
    ConstantArray = 112,
    Vector = 113,

    /// <summary><c>T x[]</c>, e.g. a flexible array member.</summary>
    IncompleteArray = 114,
    VariableArray = 115,

    /// <summary>
    /// A type written with a keyword or qualifier (<c>struct foo</c>). From libclang 16 on, every
    /// type spelled by name is wrapped in this kind, typedef names included; unwrap it with
    /// <see cref="ClangType.NamedType"/>.
    /// </summary>
    Elaborated = 119,

    /// <summary>A type with a type attribute; only reported with <see cref="TranslationUnitOptions.IncludeAttributedTypes"/>.</summary>
    Attributed = 163,
    ExtVector = 176,

    /// <summary><c>_Atomic(T)</c>.</summary>
    Atomic = 177,

    /// <summary><c>__attribute__((btf_type_tag))</c>. Not reported by libclang 14 (it says Unexposed there).</summary>
    BTFTagAttributed = 178,
}
