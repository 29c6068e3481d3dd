using AccelInterop.Scanner.Clang.Native;

namespace AccelInterop.Scanner.Clang;

/// <summary>
/// A node of a translation unit's syntax tree (CXCursor): a declaration, attribute, macro, ....
/// A cursor points into its <see cref="TranslationUnit"/>'s memory and must not outlive it; it
/// remembers the unit and throws ObjectDisposedException once the unit is disposed instead of
/// reading freed memory. <c>default(Cursor)</c> is a null cursor that belongs to no unit.
/// </summary>
public readonly partial struct Cursor : IEquatable<Cursor>
{
    private readonly CXCursor _native;
    private readonly TranslationUnit? _owner;

    internal Cursor(CXCursor native, TranslationUnit owner)
    {
        _native = native;
        _owner = owner;
    }

    /// <summary>The unit this cursor belongs to.</summary>
    public TranslationUnit TranslationUnit => _owner ?? throw new InvalidOperationException("default(Cursor) belongs to no translation unit");

    /// <summary>True for libclang's null cursor (kind InvalidFile, e.g. the semantic parent of the root) and for default(Cursor).</summary>
    public bool IsNull => _owner is null || NativeMethods.clang_Cursor_isNull(Native) != 0;

    /// <summary>
    /// True when the cursor stands for nothing: the null cursor, or one of libclang's "invalid"
    /// kinds such as <see cref="CursorKind.NoDeclFound"/>, which is what the declaration of a
    /// builtin type is. Test this, not <see cref="IsNull"/>, for "no declaration".
    /// </summary>
    public bool IsInvalid => _owner is null || NativeMethods.clang_isInvalid(Native.Kind) != 0;

    /// <summary>The kind, the same value whichever libclang version is loaded (see <see cref="CursorKind.TranslationUnit"/>).</summary>
    public CursorKind Kind => NativeCursorKinds.ToManaged(Native.Kind, TranslationUnit.LibClangMajorVersion);

    /// <summary>libclang's name for the kind, also for kinds <see cref="CursorKind"/> does not list.</summary>
    public string KindSpelling => CXStringMarshal.Take(NativeMethods.clang_getCursorKindSpelling(Native.Kind));

    /// <summary>
    /// libclang's name for the cursor: a declaration's identifier, a macro's name. For unnamed
    /// entities it varies by version: libclang 14 gives "" for an anonymous struct/union and for
    /// the implicit field holding it, libclang 19 gives "union (anonymous at f.h:29:2)" and
    /// "union rec::(anonymous at f.h:29:2)". Use <see cref="Name"/> for a version-independent name.
    /// </summary>
    public string Spelling => CXStringMarshal.Take(NativeMethods.clang_getCursorSpelling(Native));

    /// <summary>
    /// The name as written in C: <see cref="Spelling"/>, except "" for a record or enum without a
    /// tag and for the implicit field of an anonymous struct/union member, in every libclang version.
    /// </summary>
    public string Name => Kind switch
    {
        CursorKind.StructDecl or CursorKind.UnionDecl or CursorKind.EnumDecl when IsAnonymous => string.Empty,
        CursorKind.FieldDecl when IsAnonymousMemberField => string.Empty,
        _ => Spelling,
    };

    /// <summary>The name with extra detail (e.g. a function's parameter types).</summary>
    public string DisplayName => CXStringMarshal.Take(NativeMethods.clang_getCursorDisplayName(Native));

    /// <summary>The Unified Symbol Resolution: a stable key for a declaration across units ("c:@S@drm_version").</summary>
    public string Usr => CXStringMarshal.Take(NativeMethods.clang_getCursorUSR(Native));

    /// <summary>The declared type (a field's, a typedef's, a record's own type, ...).</summary>
    public ClangType Type => new(NativeMethods.clang_getCursorType(Native), TranslationUnit);

    /// <summary>
    /// Where the cursor is, as the expansion location: for a declaration written inside a
    /// macro, the place where the macro is used, which is what a user looks for in a header.
    /// </summary>
    public ClangLocation Location => ClangLocation.Expansion(NativeMethods.clang_getCursorLocation(Native));

    /// <summary>Where the cursor's name was spelled: inside the macro body for a declaration made by a macro.</summary>
    public ClangLocation SpellingLocation => ClangLocation.Spelling(NativeMethods.clang_getCursorLocation(Native));

    /// <summary>True when the cursor is in a system header (one found through a -isystem or default system directory).</summary>
    public bool IsInSystemHeader => NativeMethods.clang_Location_isInSystemHeader(NativeMethods.clang_getCursorLocation(Native)) != 0;

    /// <summary>True when the cursor is in the main file of the unit, not an included one.</summary>
    public bool IsFromMainFile => NativeMethods.clang_Location_isFromMainFile(NativeMethods.clang_getCursorLocation(Native)) != 0;

    /// <summary>The source range the cursor covers; pass it to <see cref="TranslationUnit.Tokenize"/>.</summary>
    public ClangRange Extent => new(NativeMethods.clang_getCursorExtent(Native), TranslationUnit);

    /// <summary>The semantic container: the record of a field, the enum of an enumerator, the unit of a top-level declaration.</summary>
    public Cursor SemanticParent => new(NativeMethods.clang_getCursorSemanticParent(Native), TranslationUnit);

    /// <summary>The first declaration of the same entity (all redeclarations share it).</summary>
    public Cursor Canonical => new(NativeMethods.clang_getCanonicalCursor(Native), TranslationUnit);

    /// <summary>True when this declaration is the definition (a struct with its body, not a forward declaration).</summary>
    public bool IsDefinition => NativeMethods.clang_isCursorDefinition(Native) != 0;

    /// <summary>
    /// The direct children, in source order (clang_visitChildren with CXChildVisit_Continue).
    /// Implicit declarations are not children: the unnamed field that holds an anonymous
    /// struct/union member only shows up in <see cref="ClangType.Fields"/>.
    /// </summary>
    public List<Cursor> Children()
    {
        TranslationUnit owner = TranslationUnit;
        List<CXCursor> children = CursorCollector.Children(Native);
        var result = new List<Cursor>(children.Count);
        foreach (CXCursor child in children)
        {
            result.Add(new Cursor(child, owner));
        }

        return result;
    }

    private CXCursor Native
    {
        get
        {
            TranslationUnit.ThrowIfDisposed();
            return _native;
        }
    }

    /// <summary>Same entity and same unit (clang_equalCursors).</summary>
    public bool Equals(Cursor other)
    {
        if (_owner is null || other._owner is null)
        {
            return _owner is null && other._owner is null;
        }

        return ReferenceEquals(_owner, other._owner) && NativeMethods.clang_equalCursors(Native, other.Native) != 0;
    }

    public override bool Equals(object? obj) => obj is Cursor other && Equals(other);

    public override int GetHashCode() => _owner is null ? 0 : unchecked((int)NativeMethods.clang_hashCursor(Native));

    public static bool operator ==(Cursor left, Cursor right) => left.Equals(right);

    public static bool operator !=(Cursor left, Cursor right) => !left.Equals(right);

    public override string ToString() =>
        _owner is null ? "<null cursor>" : _owner.IsDisposed ? "<cursor of a disposed unit>" : $"{Kind} '{Spelling}' at {Location}";
}
