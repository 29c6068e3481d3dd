using System.Collections.Generic;
using System.Numerics;

namespace AccelInterop.Model;

/// <summary>Common to every named thing in the model: where it is and on which targets it exists.</summary>
public abstract class Declaration
{
    protected Declaration(string name, SourceLocation location, IReadOnlyList<string>? targets)
    {
        Name = name;
        Location = location;
        Targets = targets;
    }

    /// <summary>The C name: tag, typedef name, macro or enumerator name (record ids for anonymous records).</summary>
    public string Name { get; }

    public SourceLocation Location { get; }

    /// <summary>Targets on which the symbol exists; null means all of the model's targets.</summary>
    public IReadOnlyList<string>? Targets { get; }

    public bool ExistsOn(string target)
    {
        if (Targets == null)
        {
            return true;
        }

        foreach (var t in Targets)
        {
            if (t == target)
            {
                return true;
            }
        }

        return false;
    }
}

public enum RecordKind { Struct, Union }

public sealed class RecordDecl : Declaration
{
    public RecordDecl(string id, RecordKind kind, string? tag, string? typedefName, string? parent,
        SourceLocation location, IReadOnlyList<string>? targets, PerTarget<long> size, PerTarget<long> align,
        bool isPacked, IReadOnlyList<FieldDecl> fields,
        IReadOnlyDictionary<string, IReadOnlyList<FieldDecl>>? fieldsByTarget = null)
        : base(id, location, targets)
    {
        FieldsByTarget = fieldsByTarget != null && fieldsByTarget.Count > 0 ? fieldsByTarget : null;
        Kind = kind;
        Tag = tag;
        TypedefName = typedefName;
        Parent = parent;
        Size = size;
        Align = align;
        IsPacked = isPacked;
        Fields = fields;
    }

    /// <summary>Record id: the tag, else the typedef name, else <c>parent::anonN</c>.</summary>
    public string Id => Name;
    public RecordKind Kind { get; }
    public string? Tag { get; }
    public string? TypedefName { get; }

    /// <summary>For an anonymous record nested in another, the enclosing record's id.</summary>
    public string? Parent { get; }

    public bool IsAnonymous => Tag == null && TypedefName == null;
    public PerTarget<long> Size { get; }
    public PerTarget<long> Align { get; }

    /// <summary>Declared with <c>__attribute__((packed))</c>.</summary>
    public bool IsPacked { get; }

    /// <summary>
    /// The members on every target the record exists on, except those in <see cref="FieldsByTarget"/>;
    /// its per-target values hold only for those targets. Read <see cref="FieldsOn"/> for one target.
    /// </summary>
    public IReadOnlyList<FieldDecl> Fields { get; }

    /// <summary>
    /// Where the member list itself differs (an <c>#if</c> on the target in the record): each such
    /// target's own list. Null when every target has the members of <see cref="Fields"/>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FieldDecl>>? FieldsByTarget { get; }

    /// <summary>The members as the compiler lays them out on one target.</summary>
    public IReadOnlyList<FieldDecl> FieldsOn(string target) =>
        FieldsByTarget != null && FieldsByTarget.TryGetValue(target, out var own) ? own : Fields;

    /// <summary>True when <paramref name="target"/> has members of its own (not those of <see cref="Fields"/>).</summary>
    public bool HasOwnFieldsOn(string target) => FieldsByTarget != null && FieldsByTarget.ContainsKey(target);

    /// <summary>Every member list: <see cref="Fields"/>, then each distinct per-target list (for walking referenced types).</summary>
    public IEnumerable<FieldDecl> AllFields
    {
        get
        {
            foreach (var f in Fields)
            {
                yield return f;
            }

            if (FieldsByTarget == null)
            {
                yield break;
            }

            var seen = new HashSet<IReadOnlyList<FieldDecl>>();
            foreach (var kv in FieldsByTarget)
            {
                if (seen.Add(kv.Value))
                {
                    foreach (var f in kv.Value)
                    {
                        yield return f;
                    }
                }
            }
        }
    }
}

public sealed class FieldDecl
{
    public FieldDecl(string? name, TypeRef type, int line, PerTarget<long> offset, PerTarget<long> size,
        BitfieldLayout? bitfield)
    {
        Name = name;
        Type = type;
        Line = line;
        Offset = offset;
        Size = size;
        Bitfield = bitfield;
    }

    /// <summary>Null for an anonymous struct/union member (its members are reached by their own names).</summary>
    public string? Name { get; }
    public TypeRef Type { get; }
    public int Line { get; }

    /// <summary>Byte offset in the record; for a bitfield, the offset of its storage unit.</summary>
    public PerTarget<long> Offset { get; }

    /// <summary>Byte size of the member's type (0 for a flexible array; storage unit size for a bitfield).</summary>
    public PerTarget<long> Size { get; }

    public BitfieldLayout? Bitfield { get; }

    public bool IsFlexibleArray => Type.Kind == TypeRefKind.Array && (Type.Length == null || Type.Length == 0);
}

/// <summary>A bitfield's place: bit offset from the start of the record, width, and its storage unit.</summary>
public sealed class BitfieldLayout
{
    public BitfieldLayout(PerTarget<long> bitOffset, int bitWidth)
    {
        BitOffset = bitOffset;
        BitWidth = bitWidth;
    }

    public PerTarget<long> BitOffset { get; }
    public int BitWidth { get; }
}

public sealed class TypedefDecl : Declaration
{
    public TypedefDecl(string name, SourceLocation location, IReadOnlyList<string>? targets, PerTarget<TypeRef> underlying)
        : base(name, location, targets)
    {
        Underlying = underlying;
    }

    /// <summary>
    /// The type the typedef names, one step down the chain (may itself be a typedef). Per
    /// target because the uAPI's own fixed-width types are not: <c>__u64</c> is
    /// <c>unsigned long</c> on powerpc64 (int-l64) and <c>unsigned long long</c> elsewhere.
    /// </summary>
    public PerTarget<TypeRef> Underlying { get; }
}

public sealed class EnumDecl : Declaration
{
    public EnumDecl(string id, string? tag, string? typedefName, SourceLocation location,
        IReadOnlyList<string>? targets, PerTarget<string> integerType, IReadOnlyList<Enumerator> enumerators)
        : base(id, location, targets)
    {
        Tag = tag;
        TypedefName = typedefName;
        IntegerType = integerType;
        Enumerators = enumerators;
    }

    /// <summary>Enum id: the tag, else the typedef name, else <c>enum@file:line</c>.</summary>
    public string Id => Name;
    public string? Tag { get; }
    public string? TypedefName { get; }

    /// <summary>The compiler's underlying integer type (canonical builtin spelling).</summary>
    public PerTarget<string> IntegerType { get; }

    public IReadOnlyList<Enumerator> Enumerators { get; }
}

public sealed class Enumerator
{
    public Enumerator(string name, PerTarget<BigInteger> value, int line)
    {
        Name = name;
        Value = value;
        Line = line;
    }

    public string Name { get; }

    /// <summary>Per target: enumerators may be built from ioctl macros (xe's observation ioctls), whose encoding differs.</summary>
    public PerTarget<BigInteger> Value { get; }
    public int Line { get; }
}

/// <summary>An object-like macro whose expansion is an integer constant expression.</summary>
public sealed class ConstantDecl : Declaration
{
    public ConstantDecl(string name, SourceLocation location, IReadOnlyList<string>? targets,
        PerTarget<string> cType, PerTarget<BigInteger> value)
        : base(name, location, targets)
    {
        CType = cType;
        Value = value;
    }

    /// <summary>The expression's C type as the compiler types it (canonical builtin spelling).</summary>
    public PerTarget<string> CType { get; }
    public PerTarget<BigInteger> Value { get; }
}

/// <summary>The kernel's transfer direction, named from user space's point of view as <c>_IOW</c>/<c>_IOR</c> are.</summary>
public enum IoctlDirection { None, Write, Read, ReadWrite }

/// <summary>An ioctl request macro decoded with the target's own <c>_IOC_*</c> shifts and masks.</summary>
public sealed class IoctlDecl : Declaration
{
    public IoctlDecl(string name, SourceLocation location, IReadOnlyList<string>? targets,
        IoctlDirection direction, PerTarget<long> type, PerTarget<long> number, PerTarget<long> size,
        PerTarget<BigInteger> request, TypeRef? argument)
        : base(name, location, targets)
    {
        Direction = direction;
        Type = type;
        Number = number;
        Size = size;
        Request = request;
        Argument = argument;
    }

    public IoctlDirection Direction { get; }

    /// <summary>The type ("magic") byte, e.g. 'd' (0x64) for DRM.</summary>
    public PerTarget<long> Type { get; }
    public PerTarget<long> Number { get; }

    /// <summary>The size field as encoded in the request.</summary>
    public PerTarget<long> Size { get; }

    /// <summary>The request value, as an unsigned number.</summary>
    public PerTarget<BigInteger> Request { get; }

    /// <summary>The argument type named in the request macro; null for <c>_IO</c> requests.</summary>
    public TypeRef? Argument { get; }
}

public enum DiagnosticSeverity { Info, Warning, Error }

/// <summary>Something the scanner met and could not (fully) put into the model.</summary>
public sealed class ModelDiagnostic
{
    public ModelDiagnostic(DiagnosticSeverity severity, string code, string message, SourceLocation? location, string? target)
    {
        Severity = severity;
        Code = code;
        Message = message;
        Location = location;
        Target = target;
    }

    public DiagnosticSeverity Severity { get; }
    public string Code { get; }
    public string Message { get; }
    public SourceLocation? Location { get; }
    public string? Target { get; }

    public override string ToString()
    {
        var where = Location == null ? "" : Location + ": ";
        var sev = Severity.ToString().ToLowerInvariant();
        var tgt = Target == null ? "" : $" [{Target}]";
        return $"{where}{sev} {Code}: {Message}{tgt}";
    }
}
