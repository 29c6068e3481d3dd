using System.Collections.Generic;
using System.Linq;

namespace AccelInterop.Model
{
    /// <summary>A primary header of the model and the sha256 of the bytes that were scanned.</summary>
    public sealed class HeaderRef
    {
        public HeaderRef(string path, string sha256)
        {
            Path = path;
            Sha256 = sha256;
        }

        public string Path { get; }
        public string Sha256 { get; }
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
        public const string SchemaId = "accelinterop.uapi/1";

        public UapiModel(SourcePackage? source, IReadOnlyList<HeaderRef> headers, IReadOnlyList<string> targets,
            IReadOnlyList<TypedefDecl> typedefs, IReadOnlyList<RecordDecl> records, IReadOnlyList<EnumDecl> enums,
            IReadOnlyList<ConstantDecl> constants, IReadOnlyList<IoctlDecl> ioctls, IReadOnlyList<ModelDiagnostic> diagnostics)
        {
            Source = source;
            Headers = headers;
            Targets = targets;
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

        private readonly Dictionary<string, RecordDecl> _records;
        private readonly Dictionary<string, TypedefDecl> _typedefs;
        private readonly Dictionary<string, EnumDecl> _enums;

        public SourcePackage? Source { get; }
        public IReadOnlyList<HeaderRef> Headers { get; }
        public IReadOnlyList<string> Targets { get; }
        public IReadOnlyList<TypedefDecl> Typedefs { get; }
        public IReadOnlyList<RecordDecl> Records { get; }
        public IReadOnlyList<EnumDecl> Enums { get; }
        public IReadOnlyList<ConstantDecl> Constants { get; }
        public IReadOnlyList<IoctlDecl> Ioctls { get; }
        public IReadOnlyList<ModelDiagnostic> Diagnostics { get; }

        public RecordDecl? FindRecord(string id) => _records.TryGetValue(id, out var r) ? r : null;
        public TypedefDecl? FindTypedef(string name) => _typedefs.TryGetValue(name, out var t) ? t : null;
        public EnumDecl? FindEnum(string id) => _enums.TryGetValue(id, out var e) ? e : null;

        /// <summary>Follows typedefs down to the first non-typedef type (<c>__u64</c> → <c>unsigned long long</c>).</summary>
        public TypeRef Resolve(TypeRef type, string target)
        {
            var seen = 0;
            while (type.Kind == TypeRefKind.Typedef && FindTypedef(type.Name!) is { } td && seen++ < 64
                   && td.Underlying.TryGet(target, out var next))
                type = next;
            return type;
        }
    }
}
