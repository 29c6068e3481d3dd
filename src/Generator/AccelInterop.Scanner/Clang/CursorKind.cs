namespace AccelInterop.Scanner.Clang;

/// <summary>
/// The cursor kinds a C uAPI scanner meets, with the exact values of <c>enum CXCursorKind</c>
/// (clang-c/Index.h). Every member exists in libclang 14 and later. libclang can report kinds
/// not listed here (C++, Objective-C, statements); they arrive as unnamed values, and
/// <see cref="Cursor.KindSpelling"/> names them.
/// </summary>
public enum CursorKind
{
    /// <summary>A declaration libclang does not classify.</summary>
    UnexposedDecl = 1,
    StructDecl = 2,
    UnionDecl = 3,
    EnumDecl = 5,
    FieldDecl = 6,
    EnumConstantDecl = 7,
    FunctionDecl = 8,
    VarDecl = 9,
    ParmDecl = 10,
    TypedefDecl = 20,

    /// <summary>A reference to a type by name, e.g. the <c>struct foo</c> inside a field's declaration.</summary>
    TypeRef = 43,

    /// <summary>The kind of the null cursor (what libclang returns for "no such cursor").</summary>
    InvalidFile = 70,
    NoDeclFound = 71,
    NotImplemented = 72,
    InvalidCode = 73,

    UnexposedExpr = 100,
    DeclRefExpr = 101,
    IntegerLiteral = 106,

    /// <summary>
    /// The root cursor. libclang 14 reports 300 here (the value moved to 350 in LLVM 15);
    /// <see cref="Cursor.Kind"/> maps it, so this value holds for every version.
    /// </summary>
    TranslationUnit = 350,

    /// <summary>An attribute libclang does not classify (most GNU attributes).</summary>
    UnexposedAttr = 400,

    /// <summary><c>__attribute__((packed))</c>, a child of the record or field it applies to.</summary>
    PackedAttr = 408,

    /// <summary><c>__attribute__((aligned(N)))</c>, a child of the declaration it applies to.</summary>
    AlignedAttr = 441,

    PreprocessingDirective = 500,

    /// <summary><c>#define</c>; visited only with <see cref="TranslationUnitOptions.DetailedPreprocessingRecord"/>.</summary>
    MacroDefinition = 501,

    /// <summary>A use of a macro; visited only with <see cref="TranslationUnitOptions.DetailedPreprocessingRecord"/>.</summary>
    MacroExpansion = 502,

    /// <summary><c>#include</c>; visited only with <see cref="TranslationUnitOptions.DetailedPreprocessingRecord"/>.</summary>
    InclusionDirective = 503,

    /// <summary><c>_Static_assert</c>.</summary>
    StaticAssert = 602,
}
