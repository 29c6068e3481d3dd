using AccelInterop.Scanner.Clang;
using Xunit;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>
/// Sizes, alignments, offsets, bit-fields and enumerator values reported through the binding,
/// compared with what gcc prints for the same header and target (GccLayoutProbe).
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class LayoutTests(LayoutUnitFixture fixture) : IClassFixture<LayoutUnitFixture>
{
    private readonly TranslationUnit _unit = fixture.Unit;

    [Fact]
    public void ParsesTheFixtureWithoutDiagnostics()
    {
        Assert.Empty(_unit.Diagnostics);
        Assert.False(_unit.HasErrors);
    }

    [Theory]
    [InlineData("probe_inner")]
    [InlineData("probe_record")]
    [InlineData("probe_packed")]
    [InlineData("probe_aligned")]
    [InlineData("probe_uses_typedef")]
    public void RecordSizeAndAlignmentMatchGcc(string record)
    {
        ClangType type = _unit.Find(CursorKind.StructDecl, record).Type;

        Assert.Equal(GccLayoutProbe.Get($"size.{record}"), type.SizeOf);
        Assert.Equal(GccLayoutProbe.Get($"align.{record}"), type.AlignOf);
    }

    [Theory]
    [InlineData("probe_inner", "a")]
    [InlineData("probe_inner", "b")]
    [InlineData("probe_record", "tag")]
    [InlineData("probe_record", "after")]
    [InlineData("probe_record", "named")]
    [InlineData("probe_record", "count")]
    [InlineData("probe_record", "flex")]
    [InlineData("probe_packed", "c")]
    [InlineData("probe_packed", "u")]
    [InlineData("probe_packed", "s")]
    [InlineData("probe_aligned", "c")]
    [InlineData("probe_aligned", "v")]
    [InlineData("probe_uses_typedef", "value")]
    [InlineData("probe_uses_typedef", "inner")]
    [InlineData("probe_uses_typedef", "packed")]
    [InlineData("probe_uses_typedef", "kind")]
    [InlineData("probe_uses_typedef", "bytes")]
    [InlineData("probe_uses_typedef", "pointer")]
    public void FieldOffsetsMatchGcc(string record, string field)
    {
        Cursor declaration = _unit.Find(CursorKind.StructDecl, record);
        Int128 expectedBits = GccLayoutProbe.Get($"offset.{record}.{field}") * 8;

        Assert.Equal(expectedBits, declaration.Field(field).OffsetOfFieldBits);
        Assert.Equal(expectedBits, declaration.Type.OffsetOfBits(field));
    }

    [Theory]
    [InlineData("as_u32")]
    [InlineData("as_u64")]
    [InlineData("as_inner")]
    public void MembersOfAnAnonymousUnionAreReachedByNameFromTheOuterRecord(string field)
    {
        Cursor record = _unit.Find(CursorKind.StructDecl, "probe_record");
        Cursor anonymousField = record.Type.Fields().Single(f => f.IsAnonymousMemberField);
        Cursor member = anonymousField.Type.NamedType.Fields().Single(f => f.Spelling == field);
        Int128 expectedBits = GccLayoutProbe.Get($"offset.probe_record.{field}") * 8;

        // From the outer record, clang_Type_getOffsetOf finds the member through the anonymous union.
        Assert.Equal(expectedBits, record.Type.OffsetOfBits(field));

        // The member's own offset is relative to the anonymous union; add the union's offset.
        Assert.Equal(expectedBits, anonymousField.OffsetOfFieldBits + member.OffsetOfFieldBits);
    }

    [Theory]
    [InlineData("low")]
    [InlineData("mid")]
    [InlineData("high")]
    public void BitFieldsMatchGcc(string field)
    {
        Cursor bitField = _unit.Find(CursorKind.StructDecl, "probe_record").Field(field);

        Assert.True(bitField.IsBitField);
        Assert.Equal(GccLayoutProbe.Get($"bitwidth.probe_record.{field}"), bitField.BitWidth);
        Assert.Equal(GccLayoutProbe.Get($"bitoffset.probe_record.{field}"), bitField.OffsetOfFieldBits);
    }

    [Fact]
    public void OrdinaryFieldsAreNotBitFields()
    {
        Cursor tag = _unit.Find(CursorKind.StructDecl, "probe_record").Field("tag");

        Assert.False(tag.IsBitField);
        Assert.Equal(-1, tag.BitWidth);
    }

    [Fact]
    public void AFlexibleArrayIsIncompleteWithAnOffset()
    {
        Cursor flex = _unit.Find(CursorKind.StructDecl, "probe_record").Field("flex");

        Assert.Equal(TypeKind.IncompleteArray, flex.Type.Kind);
        Assert.True(TypeLayout.TryGetError(flex.Type.SizeOf, out TypeLayoutError error));
        Assert.Equal(TypeLayoutError.Incomplete, error);
        Assert.Equal(TypeKind.ULongLong, flex.Type.ElementType.Kind);
        Assert.Equal(GccLayoutProbe.Get("offset.probe_record.flex") * 8, flex.OffsetOfFieldBits);
    }

    [Fact]
    public void AConstantArrayHasGccsElementCount()
    {
        ClangType bytes = _unit.Find(CursorKind.StructDecl, "probe_uses_typedef").Field("bytes").Type;

        Assert.Equal(TypeKind.ConstantArray, bytes.Kind);
        Assert.Equal(GccLayoutProbe.Get("count.probe_uses_typedef.bytes"), bytes.ArraySize);
        Assert.Equal(TypeKind.UChar, bytes.ElementType.Kind);
    }

    [Fact]
    public void AnUnknownFieldNameIsALayoutError()
    {
        long offset = _unit.Find(CursorKind.StructDecl, "probe_record").Type.OffsetOfBits("no_such_field");

        Assert.False(TypeLayout.IsValid(offset));
        Assert.True(TypeLayout.TryGetError(offset, out TypeLayoutError error));
        Assert.Equal(TypeLayoutError.InvalidFieldName, error);
    }

    [Fact]
    public void PackedAndAlignedAttributesAreVisible()
    {
        Assert.True(_unit.Find(CursorKind.StructDecl, "probe_packed").HasAttribute(CursorKind.PackedAttr));
        Assert.False(_unit.Find(CursorKind.StructDecl, "probe_record").HasAttribute(CursorKind.PackedAttr));
        Assert.True(_unit.Find(CursorKind.StructDecl, "probe_aligned").Field("v").HasAttribute(CursorKind.AlignedAttr));
    }

    [Theory]
    [InlineData("PROBE_NEG")]
    [InlineData("PROBE_ZERO")]
    [InlineData("PROBE_POS")]
    public void SignedEnumeratorsMatchGcc(string name)
    {
        Cursor enumerator = _unit.Find(CursorKind.EnumDecl, "probe_signed").Children().Single(c => c.Spelling == name);

        Assert.Equal(CursorKind.EnumConstantDecl, enumerator.Kind);
        Assert.Equal(GccLayoutProbe.Get($"enum.{name}"), enumerator.EnumConstantValue);
    }

    [Theory]
    [InlineData("PROBE_SMALL")]
    [InlineData("PROBE_HIGH")]
    [InlineData("PROBE_MAX")]
    public void UnsignedEnumeratorsAboveIntMaxMatchGcc(string name)
    {
        Cursor enumerator = _unit.Find(CursorKind.EnumDecl, "probe_unsigned").Children().Single(c => c.Spelling == name);

        Assert.Equal(GccLayoutProbe.Get($"enum.{name}"), enumerator.EnumConstantUnsignedValue);
    }

    [Theory]
    [InlineData("probe_signed")]
    [InlineData("probe_unsigned")]
    public void EnumIntegerTypeHasGccsSignedness(string name)
    {
        ClangType integer = _unit.Find(CursorKind.EnumDecl, name).EnumIntegerType;
        bool gccSigned = GccLayoutProbe.Get($"enumsigned.{name}") == 1;

        Assert.Equal(gccSigned ? TypeKind.Int : TypeKind.UInt, integer.Kind);
    }
}
