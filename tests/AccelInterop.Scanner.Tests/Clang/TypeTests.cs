using AccelInterop.Scanner.Clang;
using Xunit;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>Type navigation: typedefs, elaborated types, qualifiers, pointers, declarations.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class TypeTests(LayoutUnitFixture fixture) : IClassFixture<LayoutUnitFixture>
{
    private readonly Cursor _uses = fixture.Unit.Find(CursorKind.StructDecl, "probe_uses_typedef");

    private static int LoadedVersion => LibClang.EnsureLoaded().MajorVersion;

    [Fact]
    public void ATypedefFieldUnwrapsToTheTypedefWhateverTheVersion()
    {
        ClangType value = _uses.Field("value").Type;

        // libclang 16 and later wrap every type written by name in Elaborated; 14 does not.
        Assert.Equal(LoadedVersion >= 16 ? TypeKind.Elaborated : TypeKind.Typedef, value.Kind);
        Assert.Equal(TypeKind.Typedef, value.NamedType.Kind);
        Assert.Equal("probe_u32", value.TypedefName);
        Assert.Equal("probe_u32", value.NamedType.TypedefName);
        Assert.Equal(TypeKind.UInt, value.Canonical.Kind);

        Cursor typedef = value.NamedType.Declaration;
        Assert.Equal(CursorKind.TypedefDecl, typedef.Kind);
        Assert.Equal(TypeKind.UInt, typedef.TypedefUnderlyingType.Kind);
    }

    [Fact]
    public void AStructFieldIsElaboratedAndKeepsItsConstQualifier()
    {
        ClangType inner = _uses.Field("inner").Type;

        Assert.Equal(TypeKind.Elaborated, inner.Kind);
        Assert.True(inner.IsConstQualified);
        Assert.Equal(TypeKind.Record, inner.NamedType.Kind);
        Assert.Equal("probe_inner", inner.NamedType.Declaration.Spelling);
        Assert.True(inner.Canonical.IsConstQualified);
        Assert.Equal(GccLayoutProbe.Get("size.probe_inner"), inner.SizeOf);
    }

    [Fact]
    public void ATypedefOfAPackedStructHasItsLayout()
    {
        ClangType packed = _uses.Field("packed").Type;

        Assert.Equal(TypeKind.Record, packed.Canonical.Kind);
        Assert.Equal(GccLayoutProbe.Get("size.probe_packed"), packed.SizeOf);
        Assert.Equal(GccLayoutProbe.Get("align.probe_packed"), packed.AlignOf);
        Assert.True(packed.Canonical.Declaration.HasAttribute(CursorKind.PackedAttr));
    }

    [Fact]
    public void AnEnumFieldLeadsToTheEnum()
    {
        ClangType kind = _uses.Field("kind").Type;

        Assert.Equal(TypeKind.Enum, kind.NamedType.Kind);
        Assert.Equal(CursorKind.EnumDecl, kind.NamedType.Declaration.Kind);
        Assert.Equal(GccLayoutProbe.Get("enumsize.probe_unsigned"), kind.SizeOf);
    }

    [Fact]
    public void APointerHasAPointee()
    {
        ClangType pointer = _uses.Field("pointer").Type;

        Assert.Equal(TypeKind.Pointer, pointer.Kind);
        Assert.Equal(TypeKind.Void, pointer.Pointee.Kind);
        Assert.True(pointer.Pointee.Declaration.IsInvalid);
        Assert.Equal(GccLayoutProbe.Get("offset.probe_uses_typedef.pointer") * 8, _uses.Type.OffsetOfBits("pointer"));
    }

    [Fact]
    public void SpellingsAndKindNamesComeFromLibClang()
    {
        Assert.Equal("struct probe_uses_typedef", _uses.Type.Spelling);
        Assert.Equal("Record", _uses.Type.KindSpelling);
        Assert.Equal("StructDecl", _uses.KindSpelling);
        Assert.Equal("unsigned char[5]", _uses.Field("bytes").Type.Spelling);
    }

    [Fact]
    public void TypesCompareByIdentity()
    {
        ClangType value = _uses.Field("value").Type;

        Assert.Equal(value.Canonical, _uses.Field("value").Type.Canonical);
        Assert.NotEqual(value.Canonical, _uses.Field("pointer").Type);
        Assert.True(value.IsValid);
        Assert.False(default(ClangType).IsValid);
    }
}
