using AccelInterop.Scanner.Clang;
using Xunit;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>Disposal is idempotent, order-independent, and stale cursors fail loudly instead of crashing.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class DisposalTests
{
    [Fact]
    public void DisposingTwiceIsHarmless()
    {
        var index = new ClangIndex();
        TranslationUnit unit = ClangTestParse.Parse(index, Fixture.LayoutHeader);

        unit.Dispose();
        unit.Dispose();
        index.Dispose();
        index.Dispose();

        Assert.True(unit.IsDisposed);
    }

    [Fact]
    public void CursorsTypesAndRangesOfADisposedUnitThrow()
    {
        using var index = new ClangIndex();
        TranslationUnit unit = ClangTestParse.Parse(index, Fixture.LayoutHeader);
        Cursor record = unit.Find(CursorKind.StructDecl, "probe_record");
        ClangType type = record.Type;
        ClangRange extent = record.Extent;

        unit.Dispose();

        Assert.Throws<ObjectDisposedException>(() => record.Spelling);
        Assert.Throws<ObjectDisposedException>(() => record.Children());
        Assert.Throws<ObjectDisposedException>(() => type.SizeOf);
        Assert.Throws<ObjectDisposedException>(() => type.Fields());
        Assert.Throws<ObjectDisposedException>(() => extent.Start);
        Assert.Throws<ObjectDisposedException>(() => unit.Cursor);
        Assert.Equal("<cursor of a disposed unit>", record.ToString());
    }

    [Fact]
    public void AUnitOutlivesItsDisposedIndex()
    {
        var index = new ClangIndex();
        using TranslationUnit unit = ClangTestParse.Parse(index, Fixture.LayoutHeader);

        index.Dispose();

        // The unit holds a reference on the index: libclang's index is freed only after the unit.
        Assert.Equal(GccLayoutProbe.Get("size.probe_record"), unit.Find(CursorKind.StructDecl, "probe_record").Type.SizeOf);
    }

    [Fact]
    public void ParsingWithADisposedIndexThrows()
    {
        var index = new ClangIndex();
        index.Dispose();

        Assert.Throws<ObjectDisposedException>(() => ClangTestParse.Parse(index, Fixture.LayoutHeader));
    }

    [Fact]
    public void ManyParsesAndDisposalsRunCleanly()
    {
        // Exercises every dispose path (strings, tokens, eval results, diagnostics, units, indexes)
        // many times; a double free or use-after-free here crashes the test host.
        for (int i = 0; i < 20; i++)
        {
            using var index = new ClangIndex();
            using TranslationUnit unit = ClangTestParse.Parse(index, Fixture.LayoutHeader);
            foreach (Cursor child in unit.Cursor.Children())
            {
                _ = child.Spelling + child.Usr + child.Type.Spelling + child.Location;
                _ = child.Evaluate();
                _ = child.Tokens();
            }

            Assert.Empty(unit.Diagnostics);
        }
    }
}
