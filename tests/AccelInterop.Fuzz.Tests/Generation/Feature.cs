namespace AccelInterop.Fuzz.Tests.Generation;

/// <summary>
/// The constructs the header generator can use; a run enables a set of them. Each is one thing a
/// uAPI header does that the scanner, the model or the emitter has to get exactly right.
/// </summary>
public enum Feature
{
    /// <summary>Bitfields in ordinary records, named and unnamed, <c>:0</c> included.</summary>
    Bitfields,
    /// <summary>Bitfields declared <c>long</c>/<c>__kernel_ulong_t</c>: the storage unit is 8 or 4 bytes by target.</summary>
    LongBitfields,
    /// <summary>Bitfields in packed records whose runs fill whole units of their declared type.</summary>
    PackedBitfields,
    /// <summary>Bitfields in packed records with any width: partial units, fields across byte and unit boundaries.</summary>
    StraddlingBitfields,
    /// <summary><c>__attribute__((packed))</c> on records and on members.</summary>
    PackedRecords,
    /// <summary><c>#pragma pack(push, N)</c> ... <c>pop</c> around records.</summary>
    PragmaPack,
    /// <summary><c>__attribute__((aligned(N)))</c> on records and members, <c>__aligned_u64</c>.</summary>
    AlignedAttributes,
    /// <summary>Named nested struct/union members, with or without a tag.</summary>
    NestedRecords,
    /// <summary>Anonymous struct/union members.</summary>
    AnonymousMembers,
    /// <summary>Members that are arrays of records: of earlier records (packed or pragma-packed ones too), and nested definitions with a dimension.</summary>
    ArraysOfRecords,
    /// <summary>Flexible array members, plain and through <c>__DECLARE_FLEX_ARRAY</c>.</summary>
    FlexibleArrays,
    /// <summary><c>#if __BITS_PER_LONG == 64</c> ... <c>#else</c> member lists inside records.</summary>
    TargetDependentMembers,
    /// <summary><c>__LITTLE_ENDIAN_BITFIELD</c> / <c>__BYTE_ORDER__</c> member lists inside records.</summary>
    ByteOrderMembers,
    /// <summary>Records, macros and enumerators that exist or differ only on some targets.</summary>
    TargetDependentDecls,
    /// <summary><c>__kernel_*</c> types, <c>long</c> and pointers: sizes that differ by target.</summary>
    KernelTypes,
    /// <summary>Enums: typedef'd, anonymous, negative and wide enumerators, enum-typed members.</summary>
    Enums,
    /// <summary>Object-like integer macros: literals with suffixes, shifts, sizeof, references to others.</summary>
    IntegerMacros,
    /// <summary>Records and enums whose tags (and enumerators) a macro pastes together with <c>##</c>.</summary>
    TokenPastedTags,
    /// <summary><c>__struct_group(TAG, NAME, ...)</c>, and one macro writing two sibling anonymous unions.</summary>
    StructGroupTags,
    /// <summary>Ioctl requests <c>_IO</c>/<c>_IOR</c>/<c>_IOW</c>/<c>_IOWR</c> on records and scalars.</summary>
    Requests,
    /// <summary>Request arguments of 8 KiB and more (past powerpc's 13-bit size field, and the generic 14 bits).</summary>
    LargeRequests,
    /// <summary><c>_IOC_NR</c>/<c>_IOC_SIZE</c>/<c>_IOC_TYPE</c>/<c>_IOC_DIR</c> of a request: constants, not requests.</summary>
    IocConstants,
    /// <summary>C names C# trips over: a member named like its record, C# keywords, the emitter's own helper names.</summary>
    CsNameClashes,
    /// <summary>Typedef'd anonymous records (keyed by their typedef name).</summary>
    TypedefRecords,
    /// <summary><c>typedef struct { ... } foo;</c> next to <c>struct foo { ... };</c>.</summary>
    TypedefTagClash,
    /// <summary>Named members nested more than 32 levels deep.</summary>
    DeepNesting,
    /// <summary>A macro expanding to an unbalanced <c>(</c>, <c>[</c> or <c>{</c>, before the integer macros.</summary>
    UnbalancedMacro,
    /// <summary>A user macro named with the scanner's evaluation prefix (<c>__ai_v_X</c>) next to <c>X</c>.</summary>
    EvalPrefixMacro,
    /// <summary>A macro whose integer literal clang rejects (too large for any type).</summary>
    RejectedLiteral,
    /// <summary>A macro expanding to about 2^20 tokens, used nowhere (in about one header in eight).</summary>
    HugeMacro,
}
