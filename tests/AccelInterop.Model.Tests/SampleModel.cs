using System.Numerics;
using AccelInterop.Model;
using AccelInterop.Model.Targets;

namespace AccelInterop.Model.Tests;

/// <summary>
/// A small hand-built model for serialization and path tests. Its numbers are arbitrary
/// data (these tests check structure and round-trips, never that a layout is right:
/// layouts are checked against real compilers in the scanner and conformance tests).
/// </summary>
internal static class SampleModel
{
    public static readonly string X64 = LinuxTargets.X86_64.Triple;
    public static readonly string I386 = LinuxTargets.I386.Triple;

    /// <summary>Target facts as data (the scanner's are checked against compilers elsewhere).</summary>
    private static readonly TargetAbi[] Abis =
    [
        new(X64, 8, 8, 8, ByteOrder.Little, IoctlLayout.Packed(14, 2, 0, 1, 2)),
        new(I386, 4, 4, 4, ByteOrder.Little, IoctlLayout.Packed(14, 2, 0, 1, 2)),
    ];

    public static PerTarget<long> L(long v) => PerTarget<long>.Uniform(v);

    public static PerTarget<long> L(long x64, long i386) =>
        PerTarget<long>.From([new(X64, x64), new(I386, i386)]);

    public static UapiModel Build()
    {
        var at = new SourceLocation("drm/demo.h", 10);
        var inner = new RecordDecl("demo_inner", RecordKind.Struct, "demo_inner", null, null, at, null, L(8), L(8, 4), false,
        [
            new FieldDecl("lo", TypeRef.Typedef("__u32"), 11, L(0), L(4), null),
            new FieldDecl("hi", TypeRef.Typedef("__u32"), 12, L(4), L(4), null),
        ]);
        var anon = new RecordDecl("demo_outer::anon0", RecordKind.Union, null, null, "demo_outer", at, null, L(8), L(8, 4), false,
        [
            new FieldDecl("as_u64", TypeRef.Typedef("__u64"), 21, L(0), L(8), null),
            new FieldDecl("as_ptr", TypeRef.Pointer(TypeRef.Builtin("void")), 22, L(0), L(8, 4), null),
        ]);
        var outer = new RecordDecl("demo_outer", RecordKind.Struct, "demo_outer", null, null, at, null, L(32, 28), L(8, 4), false,
        [
            new FieldDecl("flags", TypeRef.Typedef("__u32"), 18, L(0), L(4), new BitfieldLayout(L(0), 3)),
            new FieldDecl("mode", TypeRef.Typedef("__u32"), 19, L(0), L(4), new BitfieldLayout(L(3), 5)),
            new FieldDecl(null, TypeRef.Record("demo_outer::anon0"), 20, L(8, 4), L(8), null),
            new FieldDecl("inner", TypeRef.Record("demo_inner"), 24, L(16, 12), L(8), null),
            new FieldDecl("data", TypeRef.Array(TypeRef.Typedef("__u8"), null), 25, L(24, 20), L(0), null),
        ]);
        var typedefs = new List<TypedefDecl>
        {
            new("__u8", new SourceLocation("asm-generic/int-ll64.h", 20), null, PerTarget<TypeRef>.Uniform(TypeRef.Builtin("unsigned char"))),
            new("__u32", new SourceLocation("asm-generic/int-ll64.h", 26), null, PerTarget<TypeRef>.Uniform(TypeRef.Builtin("unsigned int"))),
            new("__u64", new SourceLocation("asm-generic/int-ll64.h", 31), null,
                PerTarget<TypeRef>.From([new(X64, TypeRef.Builtin("unsigned long")), new(I386, TypeRef.Builtin("unsigned long long"))])),
        };
        var enums = new List<EnumDecl>
        {
            new("demo_kind", "demo_kind", null, at, null, PerTarget<string>.Uniform("int"),
                [new Enumerator("DEMO_NEG", PerTarget<BigInteger>.Uniform(-1), 30), new Enumerator("DEMO_BIG", PerTarget<BigInteger>.Uniform(new BigInteger(ulong.MaxValue)), 31)]),
        };
        var constants = new List<ConstantDecl>
        {
            new("DEMO_ALL", at, null, PerTarget<string>.From([new(X64, "unsigned long"), new(I386, "unsigned long")]),
                PerTarget<BigInteger>.From([new(X64, new BigInteger(ulong.MaxValue)), new(I386, new BigInteger(uint.MaxValue))])),
            new("DEMO_ONLY_X64", at, [X64], PerTarget<string>.Uniform("int"), PerTarget<BigInteger>.Uniform(7)),
        };
        var ioctls = new List<IoctlDecl>
        {
            new("DEMO_IOCTL", at, null, IoctlDirection.ReadWrite, L(100), L(0x40), L(32, 28),
                PerTarget<BigInteger>.From([new(X64, 0xC0206440), new(I386, 0xC01C6440)]), TypeRef.Record("demo_outer")),
            new("DEMO_IO", at, null, IoctlDirection.None, L(100), L(0x41), L(0), PerTarget<BigInteger>.Uniform(0x6441), null),
        };
        return new UapiModel(new SourcePackage("linux-libc-dev", "7.2.13-1"), [new HeaderRef("drm/demo.h", "00ff", ["linux/ioctl.h"])],
            ["stdint.h"], Abis,
            typedefs, [outer, inner, anon], enums, constants, ioctls,
            [new ModelDiagnostic(DiagnosticSeverity.Info, "SCAN003", "macro 'DEMO_NAME' is not an integer constant expression", at, null)]);
    }
}
