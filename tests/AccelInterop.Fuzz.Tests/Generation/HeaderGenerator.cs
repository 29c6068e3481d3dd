namespace AccelInterop.Fuzz.Tests.Generation;

/// <summary>
/// Writes a random uAPI-style header from a seed: records (the bulk), with enums, integer macros and
/// ioctl requests between them, each construct only when its <see cref="Feature"/> is on. The same
/// seed, features and size give the same header.
/// </summary>
public sealed class HeaderGenerator
{
    private const string Bits64 = "__BITS_PER_LONG == 64";

    private static readonly string[] FixedTypes =
        ["__u8", "__u16", "__u32", "__u64", "__s8", "__s16", "__s32", "__s64", "__be16", "__be32", "__le64",
         "char", "unsigned char", "short", "unsigned short", "int", "unsigned int", "long long", "unsigned long long"];

    private static readonly string[] KernelTypes =
        ["long", "unsigned long", "void *", "__kernel_long_t", "__kernel_ulong_t", "__kernel_size_t", "__kernel_ssize_t",
         "__kernel_off_t", "__kernel_loff_t", "__kernel_old_dev_t", "__kernel_mode_t", "__kernel_uid_t", "__kernel_gid_t",
         "__kernel_pid_t", "__kernel_ipc_pid_t", "__kernel_old_uid_t", "__kernel_old_time_t", "__kernel_clock_t",
         "__kernel_daddr_t", "__kernel_fsid_t"];

    private static readonly (string Type, int Bits)[] BitfieldTypes =
        [("__u8", 8), ("__u16", 16), ("__u32", 32), ("__u64", 64), ("__s16", 16), ("__s32", 32), ("unsigned int", 32),
         ("int", 32), ("unsigned char", 8), ("unsigned short", 16)];

    private static readonly (string Type, int Bits)[] LongBitfieldTypes =
        [("unsigned long", 32), ("long", 32), ("__kernel_ulong_t", 32), ("__kernel_long_t", 32)];

    private static readonly (string Type, int Bits)[] UnitTypes = [("__u8", 8), ("__u16", 16), ("__u32", 32), ("__u64", 64)];

    /// <summary>Member names C# rules or the emitter's own names trip over (each valid C).</summary>
    internal static readonly string[] ClashMemberNames =
        ["class", "object", "string", "event", "params", "base", "this", "fixed", "lock", "operator", "namespace", "checked",
         "ref", "out", "in", "is", "as", "new", "internal", "public", "readonly", "decimal", "bool", "byte", "uint", "ulong",
         "__anon0", "__anon1", "_bitfield0", "_bitfield0_1", "_element0", "SizeOf", "Value"];

    private static readonly string[] ClashRecordNames = ["object", "string", "event", "checked", "internal"];

    /// <summary>A record name chosen to clash: a C# keyword, or one of the emitter's own type names.</summary>
    internal static bool IsClashRecordName(string name) =>
        ClashRecordNames.Contains(name) || name.EndsWith("__anon0", StringComparison.Ordinal) || name.EndsWith("_Array2", StringComparison.Ordinal);

    private readonly Random _rng;
    private readonly FeatureSet _on;
    private readonly List<Decl> _decls = [];
    private readonly List<string> _pool = [];
    private readonly List<string> _enumTypes = [];
    private readonly List<string> _constants = [];
    private readonly List<string> _enumerators = [];
    private readonly List<(string Name, string? Guard)> _requests = [];
    private readonly HashSet<string> _usedClashRecordNames = [];
    private readonly HashSet<string> _usedMemberNames = [];
    private string? _recordName;
    private int _next;

    /// <param name="Pragma">a #pragma pack is in effect (it reaches nested definitions too).</param>
    /// <param name="Packed">this body is packed (its own attribute or the pragma).</param>
    /// <param name="InMacro">this body is inside a macro definition: no preprocessor lines.</param>
    private sealed record Context(bool Pragma, bool Packed, bool InMacro);

    private HeaderGenerator(int seed, FeatureSet features)
    {
        _rng = new Random(seed);
        _on = features;
    }

    public static CHeader Generate(int seed, FeatureSet features, int records)
    {
        var g = new HeaderGenerator(seed, features);
        g.Run(records);
        return new CHeader(g._decls);
    }

    private void Run(int records)
    {
        if (_on.Has(Feature.UnbalancedMacro))
        {
            _decls.Add(new MacroDecl($"FZ_OPEN{_next++}", Pick(["{", "(", "["]), MacroRole.Unbalanced));
        }

        var oneOffs = new List<Action>();
        if (_on.Has(Feature.TypedefTagClash))
        {
            oneOffs.Add(TypedefTagClash);
        }

        if (_on.Has(Feature.DeepNesting))
        {
            oneOffs.Add(DeepNesting);
        }

        if (_on.Has(Feature.EvalPrefixMacro))
        {
            oneOffs.Add(EvalPrefix);
        }

        if (_on.Has(Feature.RejectedLiteral))
        {
            oneOffs.Add(RejectedLiteral);
        }

        var at = oneOffs.Select(_ => _rng.Next(Math.Max(records, 1))).ToList();
        for (var i = 0; i < records; i++)
        {
            for (var k = 0; k < oneOffs.Count; k++)
            {
                if (at[k] == i)
                {
                    oneOffs[k]();
                }
            }

            TopLevelRecord();
            if (_on.Has(Feature.Requests) && Chance(0.4))
            {
                Request();
            }

            if (_on.Has(Feature.LargeRequests) && Chance(0.1))
            {
                LargeRequest();
            }

            if (_on.Has(Feature.IocConstants) && _requests.Count > 0 && Chance(0.25))
            {
                IocConstant();
            }

            if (_on.Has(Feature.IntegerMacros) && Chance(0.35))
            {
                IntegerMacro();
            }

            if (_on.Has(Feature.Enums) && Chance(0.2))
            {
                Enum();
            }
        }
        // In about one header in eight: every verb pays for expanding it.
        if (_on.Has(Feature.HugeMacro) && Chance(0.125))
        {
            HugeMacro();
        }
    }

    // ---- records ----

    private void TopLevelRecord()
    {
        var n = _next++;
        var kind = Chance(0.85) ? RecordKind.Struct : RecordKind.Union;
        int? pragma = _on.Has(Feature.PragmaPack) && Chance(0.15) ? Pick([1, 2, 4]) : null;
        var paste = _on.Has(Feature.TokenPastedTags) && Chance(0.12) ? new PastedTag($"FZ_DECL{n}", $"r{n}", $"_p{n}") : null;
        var typedefOnly = paste == null && _on.Has(Feature.TypedefRecords) && Chance(0.12);
        string? tag = null;
        if (paste == null && !typedefOnly)
        {
            tag = _on.Has(Feature.CsNameClashes) && Chance(0.05) ? ClashRecordName(n) : $"r{n}";
        }

        var typedef = typedefOnly || (_on.Has(Feature.TypedefRecords) && Chance(0.08)) ? $"r{n}_t" : null;
        var guard = _on.Has(Feature.TargetDependentDecls) && Chance(0.08) ? Bits64 : null;
        _usedMemberNames.Clear();
        _recordName = paste?.Name ?? tag ?? typedef;
        var body = Body(kind, tag, 0, new Context(pragma != null, false, paste != null), allowFlex: kind == RecordKind.Struct);
        _decls.Add(new RecordDecl(body, typedef, pragma, paste) { Guard = guard });
        var spelling = paste != null ? $"{body.Keyword} {paste.Name}" : tag != null ? $"{body.Keyword} {tag}" : typedef!;
        if (guard == null && !HasFlex(body.Members))
        {
            _pool.Add(spelling);
        }
    }

    private string ClashRecordName(int n)
    {
        var candidates = ClashRecordNames.Where(c => !_usedClashRecordNames.Contains(c)).ToList();
        // The emitter names an anonymous member's type <record>__anon<k> and an inline array <element>_Array<n>.
        if (_pool.Count > 0 && _pool[^1].StartsWith("struct r", StringComparison.Ordinal))
        {
            candidates.AddRange([_pool[^1][7..] + "__anon0", _pool[^1][7..] + "_Array2"]);
        }

        candidates.RemoveAll(_usedClashRecordNames.Contains);
        if (candidates.Count == 0)
        {
            return $"r{n}";
        }

        var name = Pick(candidates);
        _usedClashRecordNames.Add(name);
        return name;
    }

    private RecordBody Body(RecordKind kind, string? tag, int depth, Context outer, bool allowFlex)
    {
        // Packed bitfields need packed records to live in.
        var packed = (_on.Has(Feature.PackedRecords) || _on.Has(Feature.PackedBitfields) || _on.Has(Feature.StraddlingBitfields)) && Chance(0.2);
        int? aligned = _on.Has(Feature.AlignedAttributes) && Chance(0.1) ? Pick([4, 8, 16]) : null;
        var ctx = outer with { Packed = outer.Pragma || packed };
        var count = kind == RecordKind.Struct ? _rng.Next(1, 8) : _rng.Next(2, 5);
        var members = new List<Member>();
        for (var i = 0; i < count; i++)
        {
            members.AddRange(OneMember(depth, ctx));
        }

        if (ctx.Packed && !_on.Has(Feature.StraddlingBitfields))
        {
            members = WithoutStraddling(members);
        }
        // A flexible array needs a named member before it on every target (not one inside an #if).
        if (allowFlex && _on.Has(Feature.FlexibleArrays) && Chance(0.25) && members.Any(m => m is FieldMember or NestedMember { Name: not null }))
        {
            members.Add(new FlexMember(Chance(0.8) ? Pick(FixedTypes) : Pick(_pool.DefaultIfEmpty("__u32").ToList()), MemberName(), Chance(0.4)));
        }

        return new RecordBody(kind, tag, members, packed, aligned);
    }

    private IEnumerable<Member> OneMember(int depth, Context ctx)
    {
        var options = new List<(double Weight, Func<IEnumerable<Member>> Make)>
        {
            (5, () => [Scalar(Pick(FixedTypes), ctx)]),
            (1, () => [new FieldMember(Pick(FixedTypes), MemberName(), Dims())]),
        };
        if (_on.Has(Feature.KernelTypes))
        {
            options.Add((2, () => [Scalar(Pick(KernelTypes), ctx)]));
        }

        if (BitfieldsAllowed(ctx))
        {
            options.Add((2, () => BitfieldRun(ctx)));
        }

        if (_on.Has(Feature.NestedRecords) && depth < 3)
        {
            options.Add((1, () => [new NestedMember(Body(RandomKind(), Chance(0.25) ? $"t{_next++}" : null, depth + 1, ctx, false),
                MemberName(), _on.Has(Feature.ArraysOfRecords) && Chance(0.15) ? [2] : [])]));
        }

        if (_on.Has(Feature.AnonymousMembers) && depth < 3)
        {
            options.Add((1, () => [new NestedMember(Body(RandomKind(), null, depth + 1, ctx, false), null, [])]));
        }

        if (_pool.Count > 0)
        {
            if (_on.Has(Feature.NestedRecords))
            {
                options.Add((1, () => [new FieldMember(Pick(_pool), MemberName(), [])]));
            }

            if (_on.Has(Feature.ArraysOfRecords))
            {
                options.Add((1.5, () => [new FieldMember(Pick(_pool), MemberName(), [_rng.Next(1, 5)])]));
            }
        }
        if (!ctx.InMacro && _on.Has(Feature.TargetDependentMembers))
        {
            options.Add((0.8, () => [BitsPerLongBlock(ctx)]));
        }

        if (!ctx.InMacro && _on.Has(Feature.ByteOrderMembers))
        {
            options.Add((0.8, () => [ByteOrderBlock(ctx)]));
        }

        if (!ctx.InMacro && _on.Has(Feature.StructGroupTags))
        {
            options.Add((0.6, () => [new StructGroupMember(Chance(0.7) ? $"g{_next++}" : null, MemberName(),
                Enumerable.Range(0, _rng.Next(1, 4)).Select(_ => (Member)Scalar(Pick(FixedTypes), ctx with { Packed = false })).ToList())]));
            options.Add((0.4, () => [new UnionPairMember($"FZ_PAIR{_next++}", MemberName(), MemberName())]));
        }
        if (_on.Has(Feature.Enums) && _enumTypes.Count > 0)
        {
            options.Add((0.5, () => [new FieldMember(Pick(_enumTypes), MemberName(), [])]));
        }

        var total = options.Sum(o => o.Weight);
        var x = _rng.NextDouble() * total;
        foreach (var (weight, make) in options)
        {
            if (x < weight)
            {
                return make();
            }

            x -= weight;
        }
        return options[0].Make();
    }

    private FieldMember Scalar(string type, Context ctx)
    {
        int? aligned = _on.Has(Feature.AlignedAttributes) && Chance(0.12) ? Pick([2, 4, 8, 16]) : null;
        var packed = _on.Has(Feature.PackedRecords) && !ctx.Packed && Chance(0.08);
        if (_on.Has(Feature.AlignedAttributes) && type == "__u64" && Chance(0.3))
        {
            type = "__aligned_u64";
        }

        return new FieldMember(type, MemberName(), [], aligned, packed);
    }

    private int[] Dims() => Chance(0.8) ? [_rng.Next(1, 7)] : [_rng.Next(1, 4), _rng.Next(1, 4)];

    private bool BitfieldsAllowed(Context ctx) =>
        ctx.Packed ? _on.Has(Feature.PackedBitfields) || _on.Has(Feature.StraddlingBitfields) : _on.Has(Feature.Bitfields);

    private IEnumerable<Member> BitfieldRun(Context ctx)
    {
        if (ctx.Packed && _on.Has(Feature.PackedBitfields) && (!_on.Has(Feature.StraddlingBitfields) || Chance(0.5)))
        {
            // Whole units: the widths of one run add up to its declared type, so nothing straddles.
            var (type, bits) = Pick(UnitTypes);
            var cuts = Enumerable.Range(0, _rng.Next(0, 4)).Select(_ => _rng.Next(1, bits)).Append(0).Append(bits).Distinct().Order().ToList();
            return cuts.Zip(cuts.Skip(1), (a, b) => new BitfieldMember(type, MemberName(), b - a)).ToList();
        }
        var types = BitfieldTypes.ToList();
        if (_on.Has(Feature.LongBitfields))
        {
            types.AddRange(LongBitfieldTypes);
        }

        var run = new List<Member>();
        for (var i = _rng.Next(1, 5); i > 0; i--)
        {
            var (type, bits) = Pick(types);
            if (Chance(0.04))
            {
                run.Add(new BitfieldMember("int", null, 0));
            }
            else if (Chance(0.08))
            {
                run.Add(new BitfieldMember(type, null, _rng.Next(1, bits + 1)));
            }
            else
            {
                run.Add(new BitfieldMember(type, MemberName(), _rng.Next(1, bits + 1)));
            }
        }
        return run;
    }

    private ConditionalMember BitsPerLongBlock(Context ctx)
    {
        FieldMember One() => Scalar(Pick(FixedTypes), ctx);
        switch (_rng.Next(BitfieldsAllowed(ctx) ? 5 : 4))
        {
            case 0:
                {
                    var (a, b) = (One(), One());
                    return new ConditionalMember(Bits64, [a, b], null, [b, a]);
                }
            case 1:
                {
                    var (a, x) = (One(), One());
                    return Chance(0.5) ? new ConditionalMember(Bits64, [a, x], null, [a]) : new ConditionalMember(Bits64, [a], null, [x, a]);
                }
            case 2:
                {
                    var name = MemberName();
                    return new ConditionalMember(Bits64, [new FieldMember("__u64", name, [])], null,
                        [new FieldMember("__u32", name, []), new FieldMember("__u32", name + "_pad", [])]);
                }
            case 3:
                {
                    var k = Scalar(_on.Has(Feature.KernelTypes) ? Pick(KernelTypes) : "__u64", ctx);
                    return new ConditionalMember(Bits64, [k], null, []);
                }
            default:
                {
                    var run = BitfieldRun(ctx).ToList();
                    return new ConditionalMember(Bits64, run, null, Enumerable.Reverse(run).ToList());
                }
        }
    }

    private ConditionalMember ByteOrderBlock(Context ctx)
    {
        var run = BitfieldsAllowed(ctx)
            ? BitfieldRun(ctx).ToList()
            : Enumerable.Range(0, _rng.Next(2, 4)).Select(_ => (Member)Scalar(Pick(FixedTypes), ctx)).ToList();
        var reversed = Enumerable.Reverse(run).ToList();
        return Chance(0.5)
            ? new ConditionalMember("defined(__LITTLE_ENDIAN_BITFIELD)", run, "defined(__BIG_ENDIAN_BITFIELD)", reversed)
            : new ConditionalMember("__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__", run, null, reversed);
    }

    /// <summary>
    /// Whole-unit runs can still straddle once a run of another type or a scalar shifts where they start:
    /// without <see cref="Feature.StraddlingBitfields"/>, such a packed body keeps no bitfields at all.
    /// </summary>
    private static List<Member> WithoutStraddling(List<Member> members)
    {
        var kept = members.Select(m => m is ConditionalMember c
            ? c with { Then = WithoutStraddling([.. c.Then]), Else = WithoutStraddling([.. c.Else]) }
            : m).ToList();
        return HeaderFeatures.Straddles(kept) ? kept.Where(m => m is not BitfieldMember).ToList() : kept;
    }

    private RecordKind RandomKind() => Chance(0.6) ? RecordKind.Struct : RecordKind.Union;

    private string MemberName()
    {
        if (_on.Has(Feature.CsNameClashes) && Chance(0.06))
        {
            var candidates = ClashMemberNames.Append(_recordName).OfType<string>().Where(n => !_usedMemberNames.Contains(n)).ToList();
            if (candidates.Count > 0)
            {
                // The record's own name most often: CS0542 is the clash real headers hit.
                var name = _recordName != null && !_usedMemberNames.Contains(_recordName) && Chance(0.4) ? _recordName : Pick(candidates);
                _usedMemberNames.Add(name);
                return name;
            }
        }
        return $"m{_next++}";
    }

    private static bool HasFlex(IEnumerable<Member> members) =>
        members.Any(m => m is FlexMember || (m is NestedMember n && HasFlex(n.Body.Members)));

    private void TypedefTagClash()
    {
        var n = _next++;
        _decls.Add(new RecordDecl(new RecordBody(RecordKind.Struct, null, [new FieldMember("int", "a", [])]), $"r{n}"));
        _decls.Add(new RecordDecl(new RecordBody(RecordKind.Struct, $"r{n}",
            [new FieldMember("long long", "b", []), new FieldMember("char", "c", [])])));
    }

    private void DeepNesting()
    {
        var n = _next++;
        var depth = 33 + _rng.Next(4);
        var body = new RecordBody(RecordKind.Struct, null, [new FieldMember("__u32", "leaf", []), new FieldMember("__u8", "tail", [])]);
        for (var d = depth - 1; d >= 1; d--)
        {
            body = new RecordBody(RecordKind.Struct, null, [new FieldMember("__u8", $"x{d}", []), new NestedMember(body, $"d{d}", [])]);
        }

        _decls.Add(new RecordDecl(new RecordBody(RecordKind.Struct, $"r{n}", [new NestedMember(body, "d0", [])])));
    }

    // ---- enums and macros ----

    private void Enum()
    {
        var n = _next++;
        var paste = _on.Has(Feature.TokenPastedTags) && Chance(0.15) ? new PastedTag($"FZ_ENUM{n}", $"e{n}", $"_p{n}") : null;
        var tag = paste != null ? null : Chance(0.8) ? $"e{n}" : null;
        var typedef = _on.Has(Feature.TypedefRecords) && Chance(0.15) ? $"e{n}_t" : null;
        var stem = paste?.Stem ?? $"E{n}";
        var enumerators = new List<Enumerator>();
        for (var j = _rng.Next(1, 7); j > 0; j--)
        {
            var name = $"{stem}_{(char)('A' + enumerators.Count)}";
            string? value = _rng.Next(10) switch
            {
                < 4 => null,
                4 => _rng.Next(0, 1000).ToString(),
                5 => $"-{_rng.Next(1, 300)}",
                // Wide values last: an implicit increment after 0xffffffff overflows for gcc.
                6 when j == 1 => Pick(["0x80000000", "0xffffffff", "0x100000000ULL", "(1 << 30)", "0x7fffffff"]),
                7 when paste == null && enumerators.Count > 0 => $"{enumerators[^1].Name} + {_rng.Next(1, 9)}",
                8 when paste == null && _constants.Count > 0 => $"({Pick(_constants)}) & 0xff",
                _ => $"(1 << {_rng.Next(0, 31)})",
            };
            enumerators.Add(new Enumerator(name, value));
        }
        var guard = _on.Has(Feature.TargetDependentDecls) && Chance(0.08) ? Bits64 : null;
        _decls.Add(new EnumDecl(tag, typedef, enumerators, paste) { Guard = guard });
        if (guard != null)
        {
            return;
        }

        _enumerators.AddRange(enumerators.Select(e => e.Name));
        if (paste != null)
        {
            _enumTypes.Add($"enum {paste.Name}");
        }
        else if (tag != null)
        {
            _enumTypes.Add($"enum {tag}");
        }
    }

    private void IntegerMacro()
    {
        var name = $"FZ_C{_next++}";
        var targetDependent = _on.Has(Feature.TargetDependentDecls) && Chance(0.15);
        if (targetDependent && Chance(0.5))
        {
            _decls.Add(new MacroDecl(name, Expression(), MacroRole.Constant, Expression()) { Guard = Bits64 });
            _constants.Add(name);
            return;
        }
        if (targetDependent)
        {
            _decls.Add(new MacroDecl(name, Pick(["(__BITS_PER_LONG / 8)", "(sizeof(long) * 2)", "(sizeof(void *) == 8 ? 1 : 2)"]), MacroRole.Constant));
            _constants.Add(name);
            return;
        }
        _decls.Add(new MacroDecl(name, Expression(), MacroRole.Constant));
        _constants.Add(name);
    }

    private string Expression() => _rng.Next(14) switch
    {
        0 => _rng.Next(0, 100000).ToString(),
        1 => $"0x{_rng.Next():X}{Pick(["", "U", "UL", "ULL", "LL"])}",
        2 => $"(-{_rng.Next(1, 1000)})",
        3 => $"(1U << {_rng.Next(0, 32)})",
        4 => $"(1ULL << {_rng.Next(0, 64)})",
        5 => Pick(["(~0U)", "(~0ULL)", "0xffffffffffffffffULL", "0x7fffffffffffffffLL", "(-9223372036854775807LL - 1)", "(-1)"]),
        6 when _pool.Count > 0 => $"sizeof({Pick(_pool)})",
        7 when _constants.Count > 0 => $"({Pick(_constants)} | 0x{_rng.Next(0, 256):x})",
        8 when _constants.Count > 1 => $"({Pick(_constants)} + {Pick(_constants)})",
        9 when _enumerators.Count > 0 => $"({Pick(_enumerators)} * 2)",
        10 => Pick(["'A'", "'\\n'", "((__u16)0x12345)", "((__s8)-1)", "((__u8)300)"]),
        11 => $"({_rng.Next(1, 100)} * {_rng.Next(1, 100)} - {_rng.Next(0, 50)})",
        _ => _rng.Next(0, 64).ToString(),
    };

    private void Request()
    {
        var name = $"FZ_IOC{_next++}";
        var type = Pick(["'F'", "'x'", "'d'", "0xAE"]);
        var nr = _rng.Next(0, 256);
        var last = _decls[^1] as RecordDecl;
        string? guard = last?.Guard;
        string arg;
        if (last != null && Chance(0.7))
        {
            var tag = last.Paste?.Name ?? last.Body.Tag;
            arg = tag != null ? $"{last.Body.Keyword} {tag}" : last.Typedef!;
        }
        else
        {
            arg = Pick(["__u32", "__u64", "int", "__s64", _on.Has(Feature.KernelTypes) ? "__kernel_long_t" : "__u16"]);
        }

        var body = _rng.Next(7) switch
        {
            0 => $"_IO({type}, {nr})",
            1 or 2 => $"_IOR({type}, {nr}, {arg})",
            3 or 4 => $"_IOW({type}, {nr}, {arg})",
            _ => $"_IOWR({type}, {nr}, {arg})",
        };
        _decls.Add(new MacroDecl(name, body, MacroRole.Request) { Guard = guard });
        _requests.Add((name, guard));
    }

    private void LargeRequest()
    {
        var n = _next++;
        var size = Pick([8192, 9000, 16383, 16384, 20000, 65536]);
        string arg;
        if (Chance(0.5))
        {
            arg = $"char[{size}]";
        }
        else
        {
            _decls.Add(new RecordDecl(new RecordBody(RecordKind.Struct, $"r{n}", [new FieldMember("__u32", "len", []), new FieldMember("__u8", "data", [size])])));
            arg = $"struct r{n}";
        }
        var name = $"FZ_IOC{_next++}";
        _decls.Add(new MacroDecl(name, $"{Pick(["_IOR", "_IOW", "_IOWR"])}('F', {_rng.Next(0, 256)}, {arg})", MacroRole.LargeRequest));
        _requests.Add((name, null));
    }

    private void IocConstant()
    {
        var (request, guard) = Pick(_requests);
        var name = $"FZ_NR{_next++}";
        _decls.Add(new MacroDecl(name, $"{Pick(["_IOC_NR", "_IOC_SIZE", "_IOC_TYPE", "_IOC_DIR"])}({request})", MacroRole.IocConstant) { Guard = guard });
        if (guard == null)
        {
            _constants.Add(name);
        }
    }

    private void EvalPrefix()
    {
        var n = _next++;
        _decls.Add(new MacroDecl($"__ai_v_FZ_P{n}", _rng.Next(1, 100).ToString(), MacroRole.EvalPrefix));
        _decls.Add(new MacroDecl($"FZ_P{n}", _rng.Next(100, 200).ToString(), MacroRole.EvalPrefix));
    }

    private void RejectedLiteral()
    {
        var n = _next++;
        _decls.Add(new MacroDecl($"FZ_BAD{n}", "0x1ffffffffffffffffffff", MacroRole.RejectedLiteral));
        _decls.Add(new MacroDecl($"FZ_BADUSE{n}", $"(FZ_BAD{n} + 1)", MacroRole.RejectedLiteral));
    }

    private void HugeMacro()
    {
        // 4^10 = 2^20 tokens when FZ_HUGE9 is expanded; nothing uses it.
        var n = _next++;
        _decls.Add(new MacroDecl($"FZ_HUGE{n}_0", "1 1 1 1", MacroRole.Huge));
        for (var i = 1; i < 10; i++)
        {
            var prev = $"FZ_HUGE{n}_{i - 1}";
            _decls.Add(new MacroDecl($"FZ_HUGE{n}_{i}", $"{prev} {prev} {prev} {prev}", MacroRole.Huge));
        }
    }

    private bool Chance(double p) => _rng.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];
}
