using AccelInterop.Scanner.Clang;
using Xunit;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>Cursor identity, locations and navigation.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class CursorTests(LayoutUnitFixture fixture) : IClassFixture<LayoutUnitFixture>
{
    private readonly TranslationUnit _unit = fixture.Unit;

    [Fact]
    public void TheRootCursorIsTheTranslationUnit()
    {
        Cursor root = _unit.Cursor;

        Assert.Equal(CursorKind.TranslationUnit, root.Kind);
        Assert.Equal(Fixture.LayoutHeader, root.Spelling);
        Assert.False(root.IsNull);
        Assert.True(root.SemanticParent.IsNull);
    }

    [Fact]
    public void LocationsPointAtTheDeclaration()
    {
        Cursor tag = _unit.Find(CursorKind.StructDecl, "probe_record").Field("tag");

        ClangLocation location = tag.Location;
        Assert.Equal(Fixture.LayoutHeader, location.File);
        Assert.Equal(Fixture.LineOf("unsigned char tag;"), location.Line);
        Assert.Equal(location, tag.SpellingLocation);
        Assert.True(tag.IsFromMainFile);
        Assert.False(tag.IsInSystemHeader);
        Assert.Equal(location.Line, tag.Extent.Start.Line);
    }

    [Fact]
    public void DeclarationsHaveUsrsAndDefinitions()
    {
        Cursor record = _unit.Find(CursorKind.StructDecl, "probe_record");

        Assert.Equal("c:@S@probe_record", record.Usr);
        Assert.True(record.IsDefinition);
        Assert.Equal(record, record.Canonical);
        Assert.Equal("probe_record", record.DisplayName);
    }

    [Fact]
    public void CursorsWorkAsDictionaryKeys()
    {
        Cursor record = _unit.Find(CursorKind.StructDecl, "probe_record");
        var seen = new Dictionary<Cursor, string> { [record] = "record" };

        Assert.Equal("record", seen[record.Field("tag").SemanticParent]);
    }

    [Fact]
    public void TheDefaultCursorIsNullAndBelongsToNoUnit()
    {
        Cursor none = default;

        Assert.True(none.IsNull);
        Assert.True(none.IsInvalid);
        Assert.Equal(default, none);
        Assert.Throws<InvalidOperationException>(() => none.Spelling);
    }

    [Fact]
    public void ABuiltinTypeHasANullDeclaration()
    {
        Cursor declaration = _unit.Find(CursorKind.StructDecl, "probe_record").Field("tag").Type.Declaration;

        Assert.True(declaration.IsInvalid);
        Assert.False(declaration.IsNull);
        Assert.Equal(CursorKind.NoDeclFound, declaration.Kind);
    }
}
