using System.Collections.Generic;
using System.Linq;

namespace AccelInterop.Model;

/// <summary>A primary header of the model and the sha256 of the bytes that were scanned.</summary>
public sealed class HeaderRef
{
    public HeaderRef(string path, string sha256, IReadOnlyList<string>? callerIncludes = null)
    {
        Path = path;
        Sha256 = sha256;
        CallerIncludes = callerIncludes ?? new string[0];
    }

    public string Path { get; }
    public string Sha256 { get; }

    /// <summary>
    /// Headers its macros need but it does not include itself, which every C user includes first
    /// (<c>linux/ioctl.h</c>, as <c>&lt;sys/ioctl.h&gt;</c> brings it, for a header whose requests use
    /// <c>_IOR</c>/<c>_IOW</c> without including it); the scanner evaluated its macros with them.
    /// </summary>
    public IReadOnlyList<string> CallerIncludes { get; }
}

/// <summary>Which package the upstream headers came from, when known.</summary>
public sealed class SourcePackage
{
    public SourcePackage(string name, string version)
    {
        Name = name;
        Version = version;
    }

    public string Name { get; }
    public string Version { get; }
}

/// <summary>
/// The uAPI model: every record, typedef, enum, integer constant and ioctl of a set of
/// headers, with per-target layouts. The scanner is its only writer; lists are kept in a
/// canonical order so the same input always serializes to the same bytes.
/// </summary>
public sealed class UapiModel
{
    public const string SchemaId = "accelinterop.uapi/2";

    public UapiModel(SourcePackage? source, IReadOnlyList<HeaderRef> headers, IReadOnlyList<string> includes,
        IReadOnlyList<TargetAbi> targets,
        IReadOnlyList<TypedefDecl> typedefs, IReadOnlyList<RecordDecl> records, IReadOnlyList<EnumDecl> enums,
        IReadOnlyList<ConstantDecl> constants, IReadOnlyList<IoctlDecl> ioctls, IReadOnlyList<ModelDiagnostic> diagnostics)
    {
        Source = source;
        Headers = headers;
        Includes = includes;
        TargetAbis = targets;
        Targets = targets.Select(t => t.Triple).ToList();
        _abis = targets.ToDictionary(t => t.Triple);
        Typedefs = typedefs;
        Records = records;
        Enums = enums;
        Constants = constants;
        Ioctls = ioctls;
        Diagnostics = diagnostics;
        _records = records.ToDictionary(r => r.Id);
        _typedefs = typedefs.ToDictionary(t => t.Name);
        _enums = enums.ToDictionary(e => e.Id);
    }

    private readonly Dictionary<string, TargetAbi> _abis;
    private readonly Dictionary<string, RecordDecl> _records;
    private readonly Dictionary<string, TypedefDecl> _typedefs;
    private readonly Dictionary<string, EnumDecl> _enums;

    public SourcePackage? Source { get; }
    public IReadOnlyList<HeaderRef> Headers { get; }
    /// <summary>Headers the scan included before the primary ones (<c>accelgen --include</c>, like <c>cc -include</c>).</summary>
    public IReadOnlyList<string> Includes { get; }

    /// <summary>The targets' triples, in scan order.</summary>
    public IReadOnlyList<string> Targets { get; }

    /// <summary>What the compiler evaluated for each target, in scan order.</summary>
    public IReadOnlyList<TargetAbi> TargetAbis { get; }
    public IReadOnlyList<TypedefDecl> Typedefs { get; }
    public IReadOnlyList<RecordDecl> Records { get; }
    public IReadOnlyList<EnumDecl> Enums { get; }
    public IReadOnlyList<ConstantDecl> Constants { get; }
    public IReadOnlyList<IoctlDecl> Ioctls { get; }
    public IReadOnlyList<ModelDiagnostic> Diagnostics { get; }

    /// <summary>The compiler's facts for one of the model's targets.</summary>
    public TargetAbi AbiOf(string target) =>
        _abis.TryGetValue(target, out var abi) ? abi : throw new KeyNotFoundException($"the model has no target '{target}'");

    /// <summary>The same model with only some targets (in the given order) and maybe fewer declarations.</summary>
    public UapiModel With(IReadOnlyList<string>? targets = null, IReadOnlyList<TypedefDecl>? typedefs = null,
        IReadOnlyList<RecordDecl>? records = null, IReadOnlyList<EnumDecl>? enums = null,
        IReadOnlyList<ConstantDecl>? constants = null, IReadOnlyList<IoctlDecl>? ioctls = null) =>
        new UapiModel(Source, Headers, Includes, targets == null ? TargetAbis : targets.Select(AbiOf).ToList(),
            typedefs ?? Typedefs, records ?? Records, enums ?? Enums, constants ?? Constants, ioctls ?? Ioctls, Diagnostics);

    public RecordDecl? FindRecord(string id) => _records.TryGetValue(id, out var r) ? r : null;
    public TypedefDecl? FindTypedef(string name) => _typedefs.TryGetValue(name, out var t) ? t : null;
    public EnumDecl? FindEnum(string id) => _enums.TryGetValue(id, out var e) ? e : null;

    /// <summary>Follows typedefs down to the first non-typedef type (<c>__u64</c> → <c>unsigned long long</c>).</summary>
    public TypeRef Resolve(TypeRef type, string target)
    {
        var seen = 0;
        while (type.Kind == TypeRefKind.Typedef && FindTypedef(type.Name!) is { } td && seen++ < 64
               && td.Underlying.TryGet(target, out var next))
        {
            type = next;
        }

        return type;
    }
}
