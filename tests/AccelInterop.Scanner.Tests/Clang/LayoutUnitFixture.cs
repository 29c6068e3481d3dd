using AccelInterop.Scanner.Clang;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>One parse of the layout fixture shared by a test class (xunit class fixture).</summary>
public sealed class LayoutUnitFixture : IDisposable
{
    public LayoutUnitFixture()
    {
        Index = new ClangIndex();
        Unit = ClangTestParse.Parse(Index, Fixture.LayoutHeader);
    }

    public ClangIndex Index { get; }

    public TranslationUnit Unit { get; }

    public void Dispose()
    {
        Unit.Dispose();
        Index.Dispose();
    }
}
