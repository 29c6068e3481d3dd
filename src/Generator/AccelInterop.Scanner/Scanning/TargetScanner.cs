using System.Numerics;
using AccelInterop.Model;
using AccelInterop.Scanner.Clang;
using DiagnosticSeverity = AccelInterop.Model.DiagnosticSeverity;

namespace AccelInterop.Scanner.Scanning;

/// <summary>Parses the evaluation unit for one target and reads everything the model needs from it.</summary>
internal sealed class TargetScanner
{
    private readonly ScanPlan _plan;
    private readonly string _target;

    public TargetScanner(ScanPlan plan, string target)
    {
        _plan = plan;
        _target = target;
    }

    public TargetSnapshot Scan()
    {
        var snapshot = new TargetSnapshot(_target);
        var includeDirs = _plan.IncludeDirsFor(_target);
        var paths = new IncludePathMapper(includeDirs, _plan.ResourceDir);
        using var index = new ClangIndex();
        using var tu = TranslationUnit.Parse(index, _plan.UnitPath, _plan.CompilerArguments(_target),
            [new UnsavedFile(_plan.UnitPath, _plan.Unit.Source)],
            TranslationUnitOptions.DetailedPreprocessingRecord | TranslationUnitOptions.SkipFunctionBodies);

        ReportHeaderErrors(tu, paths);

        var collector = new DeclarationCollector(snapshot, paths);
        var macros = new Dictionary<string, Cursor>(StringComparer.Ordinal);
        var values = new Dictionary<string, (BigInteger Value, string CType)>(StringComparer.Ordinal);
        var argTypes = new Dictionary<string, ClangType>(StringComparer.Ordinal);
        var requests = new HashSet<string>(StringComparer.Ordinal);
        var directions = new Dictionary<string, BigInteger>(StringComparer.Ordinal);
        var roots = new List<Cursor>();
        var typedefs = new List<Cursor>();
        // A value the compiler rejected (a literal too large for any type) is no value, whatever libclang evaluates.
        var rejected = tu.Diagnostics.Where(d => d.Severity >= Clang.DiagnosticSeverity.Error && d.File == _plan.UnitPath)
            .Select(d => _plan.Unit.ValueLines.TryGetValue(d.Line, out var m) ? m : null).OfType<string>().ToHashSet(StringComparer.Ordinal);

        foreach (var c in tu.Cursor.Children())
        {
            var file = c.Location.File ?? "";
            var inUnit = file == _plan.UnitPath;
            switch (c.Kind)
            {
                case CursorKind.MacroDefinition:
                    if (!inUnit && !c.IsMacroBuiltin)
                    {
                        macros.TryAdd(c.Spelling, c);
                    }
                    else if (inUnit && c.Spelling == _plan.Unit.CallerIoctlMarker)
                    {
                        snapshot.IncludedCallerIoctl = true;
                    }

                    break;
                case CursorKind.VarDecl when inUnit && c.Spelling.StartsWith(_plan.Unit.ValuePrefix, StringComparison.Ordinal):
                    var valueOf = c.Spelling[_plan.Unit.ValuePrefix.Length..];
                    if (!rejected.Contains(valueOf) && Evaluate(c) is { } v)
                    {
                        values[valueOf] = v;
                    }

                    break;
                case CursorKind.VarDecl when inUnit && c.Spelling.StartsWith(_plan.Unit.RequestPrefix, StringComparison.Ordinal):
                    if (Evaluate(c) is { Item1: var isRequest } && isRequest == 1)
                    {
                        requests.Add(c.Spelling[_plan.Unit.RequestPrefix.Length..]);
                    }

                    break;
                case CursorKind.VarDecl when inUnit && c.Spelling.StartsWith(_plan.Unit.DirectionPrefix, StringComparison.Ordinal):
                    if (Evaluate(c) is { Item1: var direction })
                    {
                        directions[c.Spelling[_plan.Unit.DirectionPrefix.Length..]] = direction;
                    }

                    break;
                case CursorKind.FunctionDecl when inUnit && c.Spelling.StartsWith(_plan.Unit.ArgTypePrefix, StringComparison.Ordinal):
                    var parameters = c.Children().Where(p => p.Kind == CursorKind.ParmDecl).ToList();
                    if (parameters.Count == 1)
                    {
                        argTypes[c.Spelling[_plan.Unit.ArgTypePrefix.Length..]] = parameters[0].Type;
                    }

                    break;
                case CursorKind.TypedefDecl when !inUnit:
                    typedefs.Add(c);
                    if (_plan.IsPrimary(file, _target))
                    {
                        roots.Add(c);
                    }

                    break;
                case CursorKind.StructDecl or CursorKind.UnionDecl or CursorKind.EnumDecl when !inUnit && _plan.IsPrimary(file, _target):
                    if (c.Kind != CursorKind.EnumDecl)
                    {
                        collector.IndexRecordName(c);
                    }

                    CollectDefinitions(c, roots);
                    break;
                case CursorKind.StructDecl or CursorKind.UnionDecl when !inUnit:
                    collector.IndexRecordName(c);
                    break;
            }
        }

        foreach (var t in typedefs)
        {
            collector.IndexTypedef(t);
        }

        foreach (var r in roots)
        {
            switch (r.Kind)
            {
                case CursorKind.TypedefDecl: collector.RequireTypedef(r); break;
                case CursorKind.EnumDecl: collector.RequireEnum(r); break;
                default: collector.RequireRecord(r); break;
            }
        }

        var encoding = IoctlEncoding.From(values.ToDictionary(kv => kv.Key, kv => kv.Value.Value));
        snapshot.Abi = ReadAbi(values, encoding);
        ReadMacros(snapshot, collector, encoding, macros, values, requests, directions, argTypes);
        collector.Drain();
        return snapshot;
    }

    /// <summary>The target facts the evaluation unit asked the compiler for.</summary>
    private TargetAbi ReadAbi(Dictionary<string, (BigInteger Value, string CType)> values, Model.Targets.IoctlLayout? encoding)
    {
        int Probe(string name) => values.TryGetValue(name, out var v)
            ? (int)v.Value
            : throw new ScanException($"the compiler did not evaluate {name} (target {_target})");
        var probes = EvaluationUnit.AbiProbes.Select(p => Probe(p.Name)).ToList();
        return new TargetAbi(_target, probes[0], probes[1], probes[2], probes[3] != 0 ? ByteOrder.Big : ByteOrder.Little, encoding);
    }

    /// <summary>Definitions in a primary header, including tagged records defined inside other records.</summary>
    private static void CollectDefinitions(Cursor c, List<Cursor> roots)
    {
        if (!c.IsDefinition)
        {
            return;
        }
        // Anonymous records are reached through their parent or typedef; anonymous enums
        // are how C spells a family of constants, so they are roots of their own.
        if (!c.IsAnonymous || c.Kind == CursorKind.EnumDecl)
        {
            roots.Add(c);
        }

        if (c.Kind == CursorKind.EnumDecl)
        {
            return;
        }

        foreach (var child in c.Children())
        {
            if (child.Kind is CursorKind.StructDecl or CursorKind.UnionDecl or CursorKind.EnumDecl)
            {
                CollectDefinitions(child, roots);
            }
        }
    }

    private void ReportHeaderErrors(TranslationUnit tu, IncludePathMapper paths)
    {
        var errors = tu.Diagnostics
            .Where(d => d.Severity >= Clang.DiagnosticSeverity.Error)
            .Where(d => !(d.File == _plan.UnitPath && d.Line >= _plan.Unit.FirstGeneratedLine)) // about a macro, handled below
            .ToList();
        if (errors.Count == 0)
        {
            return;
        }

        var first = errors[0];
        var file = string.IsNullOrEmpty(first.File) ? null : first.File == _plan.UnitPath ? null : paths.Map(first.File);
        var includes = LibcTypes.Suggest(first.Message, errors.Select(e => e.Message));
        throw new ScanException($"{first.Message} (target {_target}){LibcTypes.Hint(first.Message, includes)}", file, first.Line)
        {
            SuggestedIncludes = includes,
        };
    }

    private static (BigInteger, string)? Evaluate(Cursor var)
    {
        var type = var.Type.Canonical;
        var kind = type.Kind;
        var ctype = TypeConverter.BuiltinSpelling(var.Type);
        if (kind == TypeKind.Enum)
        {
            var underlying = type.Declaration.EnumIntegerType;
            kind = underlying.Canonical.Kind;
            ctype = TypeConverter.BuiltinSpelling(underlying);
        }
        if (!TypeConverter.IsInteger(kind))
        {
            return null;
        }

        var r = var.Evaluate();
        if (r.Kind != EvaluationKind.Int)
        {
            return null;
        }

        return (r.IsUnsigned ? new BigInteger(r.UnsignedValue) : new BigInteger(r.SignedValue), ctype);
    }

    private void ReadMacros(TargetSnapshot snapshot, DeclarationCollector collector, Model.Targets.IoctlLayout? encoding,
        Dictionary<string, Cursor> macros, Dictionary<string, (BigInteger Value, string CType)> values,
        IReadOnlySet<string> requests, Dictionary<string, BigInteger> directions, Dictionary<string, ClangType> argTypes)
    {
        foreach (var name in _plan.Unit.Oversized)
        {
            if (macros.TryGetValue(name, out var huge) && _plan.IsPrimary(huge.Location.File ?? "", _target))
            {
                snapshot.Diagnostics.Add(new ModelDiagnostic(DiagnosticSeverity.Info, ScanDiagnosticCodes.NotIntegerConstant,
                    $"macro '{name}' expands to more than {EvaluationUnit.MaxExpansionTokens} tokens; not evaluated", collector.Locate(huge), null));
            }
        }

        foreach (var name in _plan.Unit.CandidateMacros)
        {
            if (!macros.TryGetValue(name, out var def))
            {
                continue; // not defined on this target
            }

            var location = collector.Locate(def);
            if (!_plan.IsPrimary(def.Location.File ?? "", _target))
            {
                continue;
            }

            if (!values.TryGetValue(name, out var v))
            {
                snapshot.Diagnostics.Add(new ModelDiagnostic(DiagnosticSeverity.Info, ScanDiagnosticCodes.NotIntegerConstant,
                    $"macro '{name}' is not an integer constant expression", location, null));
                continue;
            }
            if (!requests.Contains(name))
            {
                snapshot.Constants[name] = new ConstantSnapshot(name, location, v.CType, v.Value);
                continue;
            }
            if (encoding == null)
            {
                snapshot.Diagnostics.Add(new ModelDiagnostic(DiagnosticSeverity.Warning, ScanDiagnosticCodes.IoctlDirection,
                    $"request '{name}' cannot be decoded: the target's asm/ioctl.h layout macros are missing", location, _target));
                continue;
            }
            var request = v.Value < 0 ? v.Value + (BigInteger.One << 32) : v.Value;
            var decoded = IoctlEncoding.Decode(encoding, request);
            // An argument too big for the size field spills into the direction bits (and past 32 bits):
            // the value is still what the compiler computes, so it is kept (check's UAPI-R012 flags it),
            // with the direction operand the compiler gave _IOC.
            if (argTypes.TryGetValue(name, out var argType) && argType.Kind != TypeKind.Invalid
                && directions.TryGetValue(name, out var directionOperand)
                && IoctlEncoding.Oversize(encoding, request, argType.SizeOf, directionOperand) is { } spilled)
            {
                decoded = spilled;
            }

            if (decoded.Direction is not { } dir)
            {
                snapshot.Diagnostics.Add(new ModelDiagnostic(DiagnosticSeverity.Warning, ScanDiagnosticCodes.IoctlDirection,
                    $"request '{name}' has direction bits the target does not define", location, _target));
                continue;
            }
            var arg = ResolveArgument(snapshot, collector, name, location, decoded, argTypes);
            snapshot.Ioctls[name] = new IoctlSnapshot(name, location, dir, decoded.Type, decoded.Number, decoded.Size, request, arg);
        }
    }

    private TypeRef? ResolveArgument(TargetSnapshot snapshot, DeclarationCollector collector, string name,
        SourceLocation location, DecodedRequest decoded, Dictionary<string, ClangType> argTypes)
    {
        if (!argTypes.TryGetValue(name, out var type) || type.Kind == TypeKind.Invalid)
        {
            if (decoded.Size == 0)
            {
                return null;
            }

            snapshot.Diagnostics.Add(new ModelDiagnostic(DiagnosticSeverity.Warning, ScanDiagnosticCodes.IoctlArgument,
                $"request '{name}' encodes size {decoded.Size} but its argument type could not be resolved", location, _target));
            return null;
        }
        // _IO(...) leaves the literal 0 as the size operand: no argument.
        if (decoded.Size == 0 && decoded.Direction == IoctlDirection.None && type.Canonical.Kind == TypeKind.Int)
        {
            return null;
        }

        var size = type.SizeOf;
        if (size != decoded.Size)
        {
            snapshot.Diagnostics.Add(new ModelDiagnostic(DiagnosticSeverity.Warning, ScanDiagnosticCodes.IoctlArgument,
                $"request '{name}' encodes size {decoded.Size} but its argument type '{type.Spelling}' is {size} bytes", location, _target));
        }

        return collector.Types.Convert(type);
    }
}
