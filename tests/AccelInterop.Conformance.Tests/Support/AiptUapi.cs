using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using AccelInterop.Model;

namespace AccelInterop.Conformance.Tests.Support;

/// <summary>
/// A small uAPI-shaped header written for these tests, and a hand-built model of it whose every
/// number comes from <see cref="CompilerTruth"/> (never typed in). A test perturbs the model by
/// changing one truth value for one target before the model is built.
/// </summary>
internal static class AiptUapi
{
    public const string HeaderPath = "aipt/aipt_uapi.h";

    public const string HeaderText = """
        /* Test uAPI for the AccelInterop layout oracle. */
        #ifndef AIPT_UAPI_H
        #define AIPT_UAPI_H
        #include <linux/types.h>
        #include <linux/ioctl.h>

        #define AIPT_MAGIC 'A'
        #define AIPT_FLAG_BIG (1ULL << 40)
        #define AIPT_MASK 0xffu
        #define AIPT_NEG (-5)
        #define AIPT_LIMIT 0x7fffffffL
        #define AIPT_ALL_ONES 0xffffffffffffffffULL

        enum aipt_kind { AIPT_KIND_A = 0, AIPT_KIND_B = 7, AIPT_KIND_C = 0x100 };
        enum aipt_signed { AIPT_S_NEG = -2, AIPT_S_POS = 3 };

        struct aipt_pair {
        	__u32 lo;
        	__u64 hi;
        };

        struct aipt_nested {
        	__u16 x;
        	__u8 y;
        	__u8 f1 : 2;
        	__u8 f2 : 5;
        };

        struct aipt_args {
        	__u32 handle;
        	__u32 flags;
        	union {
        		__u64 addr;
        		__u32 index;
        	};
        	struct aipt_nested inner;
        	struct {
        		__u16 lo16;
        		__u16 hi16;
        	} pair;
        	__u32 mode : 3;
        	__u32 level : 5;
        	__u32 rsvd : 24;
        	__aligned_u64 tail;
        };

        typedef struct {
        	__u8 tag;
        	__u32 bits : 4;
        	__u32 more : 12;
        } aipt_notag_t;

        #define AIPT_IOCTL_CREATE _IOWR(AIPT_MAGIC, 0x01, struct aipt_args)
        #define AIPT_IOCTL_PAIR _IOW(AIPT_MAGIC, 0x02, struct aipt_pair)
        #define AIPT_IOCTL_RESET _IO(AIPT_MAGIC, 0x03)
        #define AIPT_IOCTL_QUERY _IOR(AIPT_MAGIC, 0x04, __u32)
        #define AIPT_IOCTL_NOTAG _IOW(AIPT_MAGIC, 0x05, aipt_notag_t)

        #endif

        """;

    private static TypeRef U(int bits) => TypeRef.Typedef("__u" + bits);

    /// <summary>A field: name (null for an anonymous member), type, bitfield width.</summary>
    private sealed record FieldSpec(string? Name, TypeRef Type, int? Bits = null, string? DeclaredType = null);

    /// <summary>
    /// A record and how to ask the compiler about it: members are reached as <c>Outer</c>'s
    /// <c>Prefix + name</c>, offsets relative to <c>Base</c> (for records without a name of their own).
    /// </summary>
    private sealed record RecordSpec(string Id, RecordKind Kind, string? Tag, string? Typedef, string? Parent, string Outer,
        string Prefix, string Base, string SizeExpr, string AlignExpr, string DumpName, FieldSpec[] Fields, string Marker);

    private static readonly RecordSpec[] Records =
    [
        new("aipt_pair", RecordKind.Struct, "aipt_pair", null, null, "struct aipt_pair", "", "0",
            "sizeof(struct aipt_pair)", "_Alignof(struct aipt_pair)", "struct aipt_pair",
            [new("lo", U(32)), new("hi", U(64))], "struct aipt_pair {"),
        new("aipt_nested", RecordKind.Struct, "aipt_nested", null, null, "struct aipt_nested", "", "0",
            "sizeof(struct aipt_nested)", "_Alignof(struct aipt_nested)", "struct aipt_nested",
            [new("x", U(16)), new("y", U(8)), new("f1", U(8), 2, "__u8"), new("f2", U(8), 5, "__u8")], "struct aipt_nested {"),
        new("aipt_args", RecordKind.Struct, "aipt_args", null, null, "struct aipt_args", "", "0",
            "sizeof(struct aipt_args)", "_Alignof(struct aipt_args)", "struct aipt_args",
            [
                new("handle", U(32)), new("flags", U(32)), new(null, TypeRef.Record("aipt_args::anon0")),
                new("inner", TypeRef.Record("aipt_nested")), new("pair", TypeRef.Record("aipt_args::anon1")),
                new("mode", U(32), 3, "__u32"), new("level", U(32), 5, "__u32"), new("rsvd", U(32), 24, "__u32"),
                new("tail", TypeRef.Typedef("__aligned_u64")),
            ], "struct aipt_args {"),
        new("aipt_args::anon0", RecordKind.Union, null, null, "aipt_args", "struct aipt_args", "",
            "__builtin_offsetof(struct aipt_args, addr)",
            "(__builtin_offsetof(struct aipt_args, inner) - __builtin_offsetof(struct aipt_args, addr))",
            "_Alignof(__typeof__(((struct aipt_args *)0)->addr))", "",
            [new("addr", U(64)), new("index", U(32))], "union {"),
        new("aipt_args::anon1", RecordKind.Struct, null, null, "aipt_args", "struct aipt_args", "pair.",
            "__builtin_offsetof(struct aipt_args, pair)",
            "sizeof(((struct aipt_args *)0)->pair)", "_Alignof(__typeof__(((struct aipt_args *)0)->pair))", "",
            [new("lo16", U(16)), new("hi16", U(16))], "__u16 lo16;"),
        new("aipt_notag_t", RecordKind.Struct, null, "aipt_notag_t", null, "aipt_notag_t", "", "0",
            "sizeof(aipt_notag_t)", "_Alignof(aipt_notag_t)", "aipt_notag_t",
            [new("tag", U(8)), new("bits", U(32), 4, "__u32"), new("more", U(32), 12, "__u32")], "typedef struct {"),
    ];

    private static readonly string[] ConstantNames = ["AIPT_MAGIC", "AIPT_FLAG_BIG", "AIPT_MASK", "AIPT_NEG", "AIPT_LIMIT", "AIPT_ALL_ONES"];

    private static readonly (string Id, string[] Names)[] Enums =
    [
        ("aipt_kind", ["AIPT_KIND_A", "AIPT_KIND_B", "AIPT_KIND_C"]),
        ("aipt_signed", ["AIPT_S_NEG", "AIPT_S_POS"]),
    ];

    private static readonly (string Name, TypeRef? Argument)[] Ioctls =
    [
        ("AIPT_IOCTL_CREATE", TypeRef.Record("aipt_args")),
        ("AIPT_IOCTL_PAIR", TypeRef.Record("aipt_pair")),
        ("AIPT_IOCTL_RESET", null),
        ("AIPT_IOCTL_QUERY", U(32)),
        ("AIPT_IOCTL_NOTAG", TypeRef.Record("aipt_notag_t")),
    ];

    private static readonly string[] FixedTypedefs = ["__u8", "__u16", "__u32", "__u64"];

    public static TempHeader WriteHeader() => new(HeaderPath, HeaderText);

    /// <summary>Everything the model states for one target, asked from the compiler: key → value.</summary>
    public static Dictionary<string, BigInteger> Truth(string target, TempHeader header)
    {
        var truth = new CompilerTruth(target, header.Directory, HeaderPath);
        var exprs = new Dictionary<string, string>();
        foreach (var r in Records)
        {
            exprs[$"size:{r.Id}"] = r.SizeExpr;
            exprs[$"align:{r.Id}"] = r.AlignExpr;
            foreach (var f in r.Fields)
            {
                if (f.Bits != null)
                {
                    exprs[$"fsize:{r.Id}:{f.Name}"] = $"sizeof({f.DeclaredType})";
                    continue;
                }
                // An anonymous member is placed where its first field is.
                var path = f.Name ?? Records.Single(a => a.Id == f.Type.Name).Fields[0].Name;
                exprs[$"off:{r.Id}:{f.Name}"] = $"__builtin_offsetof({r.Outer}, {r.Prefix}{path}) - ({r.Base})";
                exprs[$"fsize:{r.Id}:{f.Name}"] = f.Name == null
                    ? Records.Single(a => a.Id == f.Type.Name).SizeExpr
                    : $"sizeof((({r.Outer} *)0)->{r.Prefix}{f.Name})";
            }
        }
        foreach (var c in ConstantNames)
        {
            exprs[$"val:{c}"] = c;
            exprs[$"type:{c}"] = $"TRUTH_TYPE({c})";
        }
        foreach (var (id, names) in Enums)
        {
            exprs[$"etype:{id}"] = $"TRUTH_TYPE((enum {id})0)";
            foreach (var n in names)
            {
                exprs[$"val:{n}"] = n;
            }
        }
        foreach (var (name, _) in Ioctls)
        {
            exprs[$"req:{name}"] = name;
            exprs[$"dir:{name}"] = $"_IOC_DIR({name})";
            exprs[$"iotype:{name}"] = $"_IOC_TYPE({name})";
            exprs[$"nr:{name}"] = $"_IOC_NR({name})";
            exprs[$"iosize:{name}"] = $"_IOC_SIZE({name})";
        }
        exprs["ioc:none"] = "_IOC_NONE";
        exprs["ioc:read"] = "_IOC_READ";
        exprs["ioc:write"] = "_IOC_WRITE";
        foreach (var t in FixedTypedefs)
        {
            exprs[$"tdef:{t}"] = $"TRUTH_TYPE(({t})0)";
        }

        var values = truth.Evaluate(exprs);
        foreach (var r in Records.Where(r => r.Fields.Any(f => f.Bits != null)))
        {
            var names = r.Fields.Where(f => f.Bits != null).Select(f => f.Name!).ToList();
            foreach (var (name, (offset, width)) in truth.Bitfields(r.Outer, r.DumpName, names))
            {
                values[$"bit:{r.Id}:{name}"] = offset;
                values[$"width:{r.Id}:{name}"] = width;
            }
        }
        return values;
    }

    /// <summary>Builds the model for the given targets from their truth tables.</summary>
    public static UapiModel Build(TempHeader header, IReadOnlyDictionary<string, Dictionary<string, BigInteger>> truth)
    {
        var targets = truth.Keys.Order(StringComparer.Ordinal).ToList();
        PerTarget<T> Per<T>(Func<Dictionary<string, BigInteger>, T> pick) =>
            PerTarget<T>.From(targets.Select(t => new KeyValuePair<string, T>(t, pick(truth[t]))));
        PerTarget<long> Long(string key) => Per(d => (long)d[key]);
        SourceLocation At(string marker) => new(HeaderPath, header.LineOf(marker));
        string TypeName(BigInteger index) => CompilerTruth.TypeNames[(int)index];

        var typedefs = FixedTypedefs
            .Select(t => new TypedefDecl(t, At("linux/types.h"), null, Per(d => TypeRef.Builtin(TypeName(d[$"tdef:{t}"])))))
            .Append(new TypedefDecl("__aligned_u64", At("linux/types.h"), null, PerTarget<TypeRef>.Uniform(TypeRef.Typedef("__u64"))))
            .Append(new TypedefDecl("aipt_notag_t", At("} aipt_notag_t;"), null, PerTarget<TypeRef>.Uniform(TypeRef.Record("aipt_notag_t"))))
            .ToList();

        var records = Records.Select(r => new RecordDecl(r.Id, r.Kind, r.Tag, r.Typedef, r.Parent, At(r.Marker), null,
            Long($"size:{r.Id}"), Long($"align:{r.Id}"), false,
            r.Fields.Select(f =>
            {
                var line = header.LineOf(f.Name == null ? "union {" : " " + f.Name + (f.Bits != null ? " :" : ";"));
                if (f.Bits is { } width)
                {
                    // The storage unit that holds the bitfield's first bit, aligned to the declared type's size.
                    var unit = Long($"fsize:{r.Id}:{f.Name}");
                    var bit = Long($"bit:{r.Id}:{f.Name}");
                    var offset = Per(d => (long)d[$"bit:{r.Id}:{f.Name}"] / 8 / (long)d[$"fsize:{r.Id}:{f.Name}"] * (long)d[$"fsize:{r.Id}:{f.Name}"]);
                    return new FieldDecl(f.Name, f.Type, line, offset, unit, new BitfieldLayout(bit, (int)Same(truth, $"width:{r.Id}:{f.Name}")));
                }
                return new FieldDecl(f.Name, f.Type, line, Long($"off:{r.Id}:{f.Name}"), Long($"fsize:{r.Id}:{f.Name}"), null);
            }).ToList())).ToList();

        var enums = Enums.Select(e => new EnumDecl(e.Id, e.Id, null, At("enum " + e.Id), null,
            Per(d => TypeName(d[$"etype:{e.Id}"])),
            e.Names.Select(n => new Enumerator(n, Per(d => d[$"val:{n}"]), header.LineOf(n))).ToList())).ToList();

        var constants = ConstantNames.Select(c => new ConstantDecl(c, At("#define " + c + " "), null,
            Per(d => TypeName(d[$"type:{c}"])), Per(d => d[$"val:{c}"]))).ToList();

        var ioctls = Ioctls.Select(i =>
        {
            var directions = targets.Select(t => Direction(truth[t], i.Name)).Distinct().ToList();
            Assert.Single(directions);
            return new IoctlDecl(i.Name, At("#define " + i.Name + " "), null, directions[0],
                Long($"iotype:{i.Name}"), Long($"nr:{i.Name}"), Long($"iosize:{i.Name}"), Per(d => d[$"req:{i.Name}"]), i.Argument);
        }).ToList();

        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(header.Text)));
        return new UapiModel(null, [new HeaderRef(HeaderPath, sha)], [], targets.Select(CompilerTruth.AbiOf).ToList(),
            typedefs, records, enums, constants, ioctls, []);
    }

    /// <summary>A value the model keeps once for all targets (bitfield widths): the targets must agree.</summary>
    private static BigInteger Same(IReadOnlyDictionary<string, Dictionary<string, BigInteger>> truth, string key)
    {
        var values = truth.Values.Select(d => d[key]).Distinct().ToList();
        Assert.Single(values);
        return values[0];
    }

    private static IoctlDirection Direction(Dictionary<string, BigInteger> d, string name)
    {
        var dir = d[$"dir:{name}"];
        var read = d["ioc:read"];
        var write = d["ioc:write"];
        if (dir == d["ioc:none"])
        {
            return IoctlDirection.None;
        }

        if (dir == (read | write))
        {
            return IoctlDirection.ReadWrite;
        }

        if (dir == read)
        {
            return IoctlDirection.Read;
        }

        if (dir == write)
        {
            return IoctlDirection.Write;
        }

        throw new InvalidOperationException($"{name}: _IOC_DIR {dir} is none of the target's directions");
    }

    /// <summary>Number of facts of each kind the model states (by construction of the header).</summary>
    public const int RecordCount = 4, OffsetCount = 16, BitfieldCount = 9, ConstantCount = 6, EnumeratorCount = 5, EnumTypeCount = 2, IoctlCount = 5;
}
