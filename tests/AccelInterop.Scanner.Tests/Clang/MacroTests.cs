using AccelInterop.Scanner.Clang;
using Xunit;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>Macro definitions through the detailed preprocessing record, their tokens and values.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class MacroTests(LayoutUnitFixture fixture) : IClassFixture<LayoutUnitFixture>
{
    private readonly TranslationUnit _unit = fixture.Unit;

    private Cursor Macro(string name) =>
        _unit.Cursor.Children().Single(c => c.Kind == CursorKind.MacroDefinition && c.Spelling == name);

    [Fact]
    public void MacroDefinitionsAreVisitedWithTheDetailedPreprocessingRecord()
    {
        Cursor magic = Macro("PROBE_MAGIC");

        Assert.True(magic.IsFromMainFile);
        Assert.Equal(Fixture.LineOf("#define PROBE_MAGIC"), magic.Location.Line);
        Assert.False(magic.IsMacroFunctionLike);
        Assert.False(magic.IsMacroBuiltin);
        Assert.True(Macro("PROBE_TWICE").IsMacroFunctionLike);
    }

    [Fact]
    public void MacroDefinitionsAreNotVisitedWithoutIt()
    {
        using var index = new ClangIndex();
        using TranslationUnit plain = ClangTestParse.Parse(index, Fixture.LayoutHeader, options: TranslationUnitOptions.None);

        Assert.DoesNotContain(plain.Cursor.Children(), c => c.Kind == CursorKind.MacroDefinition);
        Assert.Contains(plain.Cursor.Children(), c => c.Kind == CursorKind.StructDecl);
    }

    [Fact]
    public void AMacrosTokensAreItsNameAndBody()
    {
        IReadOnlyList<ClangToken> tokens = Macro("PROBE_MAGIC").Tokens();

        Assert.Equal(["PROBE_MAGIC", "(", "(", "1ULL", "<<", "40", ")", "|", "0x17", ")"], tokens.Select(t => t.Spelling));
        Assert.Equal(TokenKind.Identifier, tokens[0].Kind);
        Assert.Equal(TokenKind.Punctuation, tokens[1].Kind);
        Assert.Equal(TokenKind.Literal, tokens[3].Kind);
    }

    [Fact]
    public void AFunctionLikeMacrosTokensIncludeItsParameters()
    {
        Assert.Equal(
            ["PROBE_TWICE", "(", "x", ")", "(", "(", "x", ")", "*", "2", ")"],
            Macro("PROBE_TWICE").Tokens().Select(t => t.Spelling));
    }

    [Fact]
    public void AMacroIsEvaluatedThroughAnUnsavedProbeFile()
    {
        // A macro definition is not evaluable; a variable initialized from it is.
        const string probeName = "/accelinterop-virtual/macro_probe.c";
        string probe = $"""
            #include "{Fixture.LayoutHeader}"
            static const unsigned long long probe_magic_value = PROBE_MAGIC;
            static const long long probe_negative_value = PROBE_NEGATIVE;
            """;
        using var index = new ClangIndex();
        using TranslationUnit unit = ClangTestParse.Parse(index, probeName, [new UnsavedFile(probeName, probe)]);

        Assert.Empty(unit.Diagnostics);
        Assert.Equal(EvaluationKind.Unevaluable, unit.Cursor.Children().Single(c => c.Kind == CursorKind.MacroDefinition && c.Spelling == "PROBE_MAGIC").Evaluate().Kind);

        EvaluationResult magic = unit.Find(CursorKind.VarDecl, "probe_magic_value").Evaluate();
        Assert.Equal(EvaluationKind.Int, magic.Kind);
        Assert.True(magic.IsUnsigned);
        Assert.Equal(GccLayoutProbe.Get("macro.PROBE_MAGIC"), magic.Value);

        EvaluationResult negative = unit.Find(CursorKind.VarDecl, "probe_negative_value").Evaluate();
        Assert.False(negative.IsUnsigned);
        Assert.Equal(GccLayoutProbe.Get("macro.PROBE_NEGATIVE"), negative.Value);
    }

    [Fact]
    public void TokenizingARangeOfAnotherUnitIsRefused()
    {
        using var index = new ClangIndex();
        using TranslationUnit other = ClangTestParse.Parse(index, Fixture.LayoutHeader);

        Assert.Throws<ArgumentException>(() => other.Tokenize(Macro("PROBE_MAGIC").Extent));
    }
}
