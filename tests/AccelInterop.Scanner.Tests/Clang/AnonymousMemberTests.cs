using AccelInterop.Scanner.Clang;
using Xunit;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>
/// Anonymous struct/union members: clang_Type_visitFields yields the implicit unnamed field that
/// holds one, clang_visitChildren does not (it yields the anonymous record declaration instead).
/// </summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class AnonymousMemberTests(LayoutUnitFixture fixture) : IClassFixture<LayoutUnitFixture>
{
    private readonly Cursor _record = fixture.Unit.Find(CursorKind.StructDecl, "probe_record");

    [Fact]
    public void FieldsIncludeTheImplicitFieldOfTheAnonymousUnion()
    {
        List<Cursor> fields = _record.Type.Fields();

        Assert.Equal(["tag", "", "low", "mid", "high", "after", "named", "count", "flex"], fields.Select(f => f.Name));
        Cursor holder = Assert.Single(fields, f => f.IsAnonymousMemberField);
        Assert.Equal(CursorKind.FieldDecl, holder.Kind);
        Assert.Equal(TypeKind.Record, holder.Type.NamedType.Kind);
        Assert.Equal(CursorKind.UnionDecl, holder.Type.NamedType.Declaration.Kind);
    }

    [Fact]
    public void ChildrenGiveTheAnonymousUnionDeclarationButNotItsField()
    {
        List<Cursor> children = _record.Children();

        Assert.Equal(
            ["tag", "low", "mid", "high", "after", "named", "count", "flex"],
            children.Where(c => c.Kind == CursorKind.FieldDecl).Select(c => c.Name));
        Cursor union = Assert.Single(children, c => c.Kind == CursorKind.UnionDecl);
        Assert.True(union.IsAnonymous);
        Assert.True(union.IsAnonymousRecordDecl);
        Assert.Equal(string.Empty, union.Name);
    }

    [Fact]
    public void TheImplicitFieldsTypeDeclarationIsTheUnionAmongTheChildren()
    {
        Cursor holder = _record.Type.Fields().Single(f => f.IsAnonymousMemberField);
        Cursor union = _record.Children().Single(c => c.Kind == CursorKind.UnionDecl);

        Assert.Equal(union, holder.Type.NamedType.Declaration);
        Assert.Equal(["as_u32", "as_u64", "as_inner"], union.Type.Fields().Select(f => f.Name));
    }

    [Fact]
    public void ATaglessStructOfANamedFieldIsAnonymousButNotAnAnonymousMember()
    {
        Cursor named = _record.Field("named");
        Cursor tagless = named.Type.NamedType.Declaration;

        Assert.False(named.IsAnonymousMemberField);
        Assert.Equal(CursorKind.StructDecl, tagless.Kind);
        Assert.True(tagless.IsAnonymous);
        Assert.False(tagless.IsAnonymousRecordDecl);
        Assert.Equal(string.Empty, tagless.Name);
    }

    [Fact]
    public void AFieldsSemanticParentIsItsRecord()
    {
        Assert.Equal(_record, _record.Field("tag").SemanticParent);
        Assert.NotEqual(_record, _record.Field("tag"));
    }
}
