using AccelInterop.Model;
using AccelInterop.Scanner.Clang;
using DiagnosticSeverity = AccelInterop.Model.DiagnosticSeverity;

namespace AccelInterop.Scanner.Scanning;

/// <summary>
/// Builds one target's records, enums and typedefs from libclang declarations: the roots
/// (what the primary headers define) plus everything they reference, each once.
/// </summary>
internal sealed class DeclarationCollector
{
    private readonly TargetSnapshot _snapshot;
    private readonly IncludePathMapper _paths;
    private readonly TypeConverter _types;
    private readonly Dictionary<string, string> _recordIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _typedefNameOfAnonymous = new(StringComparer.Ordinal);
    private readonly HashSet<string> _requestedRecords = new(StringComparer.Ordinal);
    private readonly HashSet<string> _typedefsInProgress = new(StringComparer.Ordinal);
    private readonly Queue<Cursor> _pendingRecords = new();
    private SourceLocation? _current;

    public DeclarationCollector(TargetSnapshot snapshot, IncludePathMapper paths)
    {
        _snapshot = snapshot;
        _paths = paths;
        _types = new TypeConverter(this);
    }

    public TypeConverter Types => _types;

    /// <summary>Remembers <c>typedef struct {...} name;</c> so the anonymous record is known by that name.</summary>
    public void IndexTypedef(Cursor typedefDecl)
    {
        var underlying = typedefDecl.TypedefUnderlyingType;
        if (underlying.Kind == TypeKind.Elaborated)
        {
            underlying = underlying.NamedType;
        }

        if (underlying.Kind is not (TypeKind.Record or TypeKind.Enum))
        {
            return;
        }

        var decl = underlying.Declaration;
        _typedefNames.TryAdd(DeclKey(decl), typedefDecl.Spelling);
        if (!HasTag(decl))
        {
            _typedefNameOfAnonymous.TryAdd(Key(decl), typedefDecl.Spelling);
        }
    }

    /// <summary>
    /// Whether the declaration names a tag. Newer libclang gives a tag-less record or enum
    /// that a typedef names the typedef's name (C's "name for linkage purposes"), so the
    /// written tokens decide: a tag is an identifier between the keyword and the brace. A record
    /// a macro writes (<c>__struct_group(TAG, ...)</c>, <c>struct n##_x</c>) shows the macro's
    /// tokens instead, which need not hold the tag: a name that no typedef gives it is its tag.
    /// </summary>
    private bool HasTag(Cursor decl)
    {
        if (decl.IsAnonymous)
        {
            return false;
        }

        var usr = DeclKey(decl);
        if (_hasTag.TryGetValue(usr, out var known))
        {
            return known;
        }

        var name = decl.Spelling;
        var result = false;
        foreach (var token in decl.Tokens())
        {
            if (token.Spelling == "{")
            {
                break;
            }

            if (token.Kind == TokenKind.Identifier && token.Spelling == name) { result = true; break; }
        }
        if (!result && name.Length > 0)
        {
            result = !(_typedefNames.TryGetValue(usr, out var typedefName) && typedefName == name);
        }

        _hasTag[usr] = result;
        return result;
    }

    /// <summary>A declaration by its USR and where it is used and spelled (two records one macro writes differ in the second).</summary>
    private static string DeclKey(Cursor decl) => decl.Usr + "#" + decl.Location.Offset + "#" + decl.SpellingLocation.Offset;

    private readonly Dictionary<string, bool> _hasTag = new(StringComparer.Ordinal);

    /// <summary>The typedef naming each record or enum declaration (by <see cref="DeclKey"/>).</summary>
    private readonly Dictionary<string, string> _typedefNames = new(StringComparer.Ordinal);

    public SourceLocation Locate(Cursor c)
    {
        var loc = c.Location;
        return new SourceLocation(_paths.Map(loc.File ?? ""), loc.Line);
    }

    public string RequireRecord(Cursor decl)
    {
        var id = RecordId(decl);
        if (_requestedRecords.Add(Key(decl)))
        {
            _pendingRecords.Enqueue(decl);
        }

        return id;
    }

    public string RequireEnum(Cursor decl)
    {
        var id = EnumId(decl);
        if (_snapshot.Enums.ContainsKey(id))
        {
            return id;
        }

        var integerType = decl.EnumIntegerType;
        var unsigned = TypeConverter.IsUnsigned(integerType.Canonical.Kind);
        var items = decl.Children().Where(c => c.Kind == CursorKind.EnumConstantDecl)
            .Select(c => new EnumeratorSnapshot(c.Spelling,
                unsigned ? new System.Numerics.BigInteger(c.EnumConstantUnsignedValue) : new System.Numerics.BigInteger(c.EnumConstantValue),
                c.Location.Line))
            .ToList();
        var tagged = HasTag(decl);
        _snapshot.Enums[id] = new EnumSnapshot(id, tagged ? decl.Spelling : null,
            !tagged && _typedefNameOfAnonymous.TryGetValue(Key(decl), out var td) ? td : null,
            Locate(decl), TypeConverter.BuiltinSpelling(integerType), items);
        return id;
    }

    public void RequireTypedef(Cursor decl)
    {
        var name = decl.Spelling;
        if (_snapshot.Typedefs.ContainsKey(name) || !_typedefsInProgress.Add(name))
        {
            return;
        }

        var underlying = _types.Convert(decl.TypedefUnderlyingType);
        _snapshot.Typedefs[name] = new TypedefSnapshot(name, Locate(decl), underlying);
        _typedefsInProgress.Remove(name);
    }

    public void Note(string code, string message) =>
        _snapshot.Diagnostics.Add(new ModelDiagnostic(DiagnosticSeverity.Info, code, message, _current, _snapshot.Target));

    /// <summary>Builds every record requested so far, including those their members request.</summary>
    public void Drain()
    {
        while (_pendingRecords.Count > 0)
        {
            BuildRecord(_pendingRecords.Dequeue());
        }
    }

    private void BuildRecord(Cursor decl)
    {
        var id = RecordId(decl);
        var type = decl.Type;
        var size = type.SizeOf;
        if (size < 0)
        {
            return; // only ever declared (used through pointers): nothing to lay out
        }

        var location = Locate(decl);
        _current = location;
        var fields = new List<FieldSnapshot>();
        var anonymousIndex = 0;
        foreach (var f in type.Fields())
        {
            var fieldType = f.Type;
            var inner = StripArrays(fieldType);
            if (inner.Kind == TypeKind.Record && !HasTag(inner.Declaration)
                && !_typedefNameOfAnonymous.ContainsKey(Key(inner.Declaration)))
            {
                _recordIds.TryAdd(Key(inner.Declaration), $"{id}::anon{anonymousIndex++}");
            }

            var name = f.Name;
            var fieldSize = fieldType.SizeOf;
            fields.Add(new FieldSnapshot(
                string.IsNullOrEmpty(name) ? null : name,
                _types.Convert(fieldType),
                f.Location.Line,
                f.OffsetOfFieldBits,
                fieldSize < 0 ? 0 : fieldSize,
                f.IsBitField ? f.BitWidth : null));
        }
        var parentSep = id.LastIndexOf("::anon", StringComparison.Ordinal);
        var tagged = HasTag(decl);
        _snapshot.Records[id] = new RecordSnapshot(id,
            decl.Kind == CursorKind.UnionDecl ? RecordKind.Union : RecordKind.Struct,
            tagged ? decl.Spelling : null,
            !tagged && _typedefNameOfAnonymous.TryGetValue(Key(decl), out var td) ? td : null,
            parentSep > 0 ? id[..parentSep] : null,
            location, size, type.AlignOf, decl.HasAttribute(CursorKind.PackedAttr), fields);
        _current = null;
    }

    private static ClangType StripArrays(ClangType t)
    {
        while (true)
        {
            if (t.Kind == TypeKind.Elaborated)
            {
                t = t.NamedType;
            }
            else if (t.Kind is TypeKind.ConstantArray or TypeKind.IncompleteArray)
            {
                t = t.ElementType;
            }
            else
            {
                return t;
            }
        }
    }

    /// <summary>
    /// Identifies a declaration across the walk. USRs alone are not enough: libclang gives
    /// every anonymous union of one struct the same USR, so tag-less records are told apart
    /// by where they are written.
    /// </summary>
    private string Key(Cursor decl) => HasTag(decl) ? decl.Usr : DeclKey(decl);

    /// <summary>The id a tag-less record named by a typedef gets when a struct or union tag has the same name.</summary>
    public const string TypedefClashSuffix = "@typedef";

    /// <summary>Remembers a record definition's name, so a typedef of the same name for another record is told apart.</summary>
    public void IndexRecordName(Cursor decl)
    {
        if (!decl.IsDefinition || decl.Spelling.Length == 0)
        {
            return;
        }

        if (!_recordsByName.TryGetValue(decl.Spelling, out var list))
        {
            _recordsByName[decl.Spelling] = list = [];
        }

        list.Add(decl);
    }

    private readonly Dictionary<string, List<Cursor>> _recordsByName = new(StringComparer.Ordinal);

    /// <summary><c>typedef struct {...} foo;</c> next to <c>struct foo {...}</c>: C keeps the two apart, so the model does.</summary>
    private bool TagNamed(string name) =>
        _recordsByName.TryGetValue(name, out var decls) && decls.Any(HasTag);

    private string RecordId(Cursor decl)
    {
        var usr = Key(decl);
        if (_recordIds.TryGetValue(usr, out var id))
        {
            return id;
        }

        id = HasTag(decl) ? decl.Spelling
            : _typedefNameOfAnonymous.TryGetValue(usr, out var td) ? (TagNamed(td) ? td + TypedefClashSuffix : td)
            : $"anon@{Locate(decl)}";
        _recordIds[usr] = id;
        return id;
    }

    private string EnumId(Cursor decl) =>
        HasTag(decl) ? decl.Spelling
        : _typedefNameOfAnonymous.TryGetValue(Key(decl), out var td) ? td
        : $"enum@{Locate(decl)}";
}
