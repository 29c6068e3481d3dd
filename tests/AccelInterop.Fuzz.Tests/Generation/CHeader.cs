namespace AccelInterop.Fuzz.Tests.Generation;

public enum RecordKind { Struct, Union }

/// <summary>A member of a record body, as written in C.</summary>
public abstract record Member;

/// <summary><c>TYPE NAME[d]... [aligned(N)] [packed];</c></summary>
public sealed record FieldMember(string Type, string Name, IReadOnlyList<int> Dims, int? Aligned = null, bool Packed = false) : Member;

/// <summary><c>TYPE NAME : WIDTH;</c>, or unnamed padding/<c>:0</c> when <see cref="Name"/> is null.</summary>
public sealed record BitfieldMember(string Type, string? Name, int Width) : Member;

/// <summary>A record defined in place: a named member (<c>struct [TAG] { ... } NAME[d];</c>) or an anonymous one (no name, no tag).</summary>
public sealed record NestedMember(RecordBody Body, string? Name, IReadOnlyList<int> Dims) : Member;

/// <summary><c>TYPE NAME[];</c> last in a struct, or <c>__DECLARE_FLEX_ARRAY(TYPE, NAME);</c>.</summary>
public sealed record FlexMember(string Type, string Name, bool ViaMacro) : Member;

/// <summary>
/// <c>#if IF</c> THEN <c>#else</c> ELSE <c>#endif</c>; with <see cref="ElseIf"/>, <c>#elif ELSEIF</c> ELSE and an
/// <c>#error</c> branch (the kernel's <c>__LITTLE_ENDIAN_BITFIELD</c> pattern).
/// </summary>
public sealed record ConditionalMember(string If, IReadOnlyList<Member> Then, string? ElseIf, IReadOnlyList<Member> Else) : Member;

/// <summary><c>__struct_group(TAG, NAME, , MEMBERS);</c>: an anonymous union of an anonymous and a named (tagged) struct.</summary>
public sealed record StructGroupMember(string? Tag, string Name, IReadOnlyList<Member> Members) : Member;

/// <summary>
/// <c>MACRO(A, B);</c> where MACRO (defined just before the record) writes two sibling anonymous unions:
/// <c>union { __u32 A; __u16 A##_lo; }; union { __u64 B; __u8 B##_hi; }</c>.
/// </summary>
public sealed record UnionPairMember(string Macro, string A, string B) : Member;

public sealed record RecordBody(RecordKind Kind, string? Tag, IReadOnlyList<Member> Members, bool Packed = false, int? Aligned = null)
{
    public string Keyword => Kind == RecordKind.Struct ? "struct" : "union";
}

/// <summary>A tag written by a macro: <c>#define MACRO(n) ... n##SUFFIX ...</c> used as <c>MACRO(STEM)</c>.</summary>
public sealed record PastedTag(string Macro, string Stem, string Suffix)
{
    public string Name => Stem + Suffix;
}

/// <summary>A top-level declaration.</summary>
public abstract record Decl
{
    /// <summary>A preprocessor condition the declaration sits in (it exists only where it holds).</summary>
    public string? Guard { get; init; }
}

public sealed record RecordDecl(RecordBody Body, string? Typedef = null, int? PragmaPack = null, PastedTag? Paste = null) : Decl;

public sealed record Enumerator(string Name, string? Value);

/// <summary>An enum; with <see cref="Paste"/>, its tag and every enumerator name start with the pasted stem.</summary>
public sealed record EnumDecl(string? Tag, string? Typedef, IReadOnlyList<Enumerator> Enumerators, PastedTag? Paste = null) : Decl;

/// <summary>What a macro is for: which feature wrote it, and whether the compiler is asked about it.</summary>
public enum MacroRole { Constant, Request, LargeRequest, IocConstant, EvalPrefix, RejectedLiteral, Unbalanced, Huge }

/// <summary><c>#define NAME BODY</c>; with <see cref="Guard"/> and <see cref="ElseBody"/>, a different body where the guard fails.</summary>
public sealed record MacroDecl(string Name, string Body, MacroRole Role, string? ElseBody = null) : Decl
{
    /// <summary>
    /// Whether the probe asks the compiler about it. Every macro is asked, except the upper levels of the
    /// huge chain (their expansion only repeats level 0's tokens, and asking would expand 2^20 of them).
    /// </summary>
    public bool Probed => Role != MacroRole.Huge || Name.EndsWith("_0", StringComparison.Ordinal);

    /// <summary>Asked last: an unbalanced bracket can swallow the probe lines after it.</summary>
    public bool ProbedLast => Role is MacroRole.Unbalanced or MacroRole.Huge;

    public bool IsRequest => Role is MacroRole.Request or MacroRole.LargeRequest;
}

/// <summary>A generated uAPI-style header: declarations in order (each uses only earlier ones).</summary>
public sealed record CHeader(IReadOnlyList<Decl> Decls)
{
    public const string FileName = "fz.h";

    public IEnumerable<RecordDecl> Records => Decls.OfType<RecordDecl>();
}
