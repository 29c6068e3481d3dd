using AccelInterop.Scanner.Clang;
using Xunit;

namespace AccelInterop.Scanner.Tests.Clang;

[Trait(Needs.Key, Needs.Toolchain)]
public sealed class DiagnosticTests
{
    private const string BrokenName = "/accelinterop-virtual/broken.h";

    [Fact]
    public void ASyntaxErrorIsADiagnosticWithFileAndLine()
    {
        const string source = "struct fine { int a; };\n\nstruct broken { int x }\n";
        using var index = new ClangIndex();
        using TranslationUnit unit = ClangTestParse.Parse(index, BrokenName, [new UnsavedFile(BrokenName, source)]);

        ClangDiagnostic error = Assert.Single(unit.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.True(unit.HasErrors);
        Assert.Equal(BrokenName, error.File);
        Assert.Equal(3, error.Line);
        Assert.True(error.Column > 0);
        Assert.Contains("expected ';'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{BrokenName}:3:{error.Column}: error: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingIncludeIsAFatalDiagnostic()
    {
        const string source = "#include \"accelinterop_no_such_header.h\"\n";
        using var index = new ClangIndex();
        using TranslationUnit unit = ClangTestParse.Parse(index, BrokenName, [new UnsavedFile(BrokenName, source)]);

        ClangDiagnostic fatal = Assert.Single(unit.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Fatal, fatal.Severity);
        Assert.Equal(1, fatal.Line);
    }

    [Fact]
    public void AnUnreadableMainFileThrowsWithLibClangsErrorCode()
    {
        using var index = new ClangIndex();

        var error = Assert.Throws<ClangParseException>(() => ClangTestParse.Parse(index, "/accelinterop-virtual/missing.h"));

        Assert.Equal(ParseErrorCode.Failure, error.ErrorCode);
        Assert.Equal("/accelinterop-virtual/missing.h", error.FileName);
    }

    [Fact]
    public void UnicodeInUnsavedFilesIsPassedAsUtf8()
    {
        const string name = "/accelinterop-virtual/unicode.h";
        const string source = "/* caf\u00e9 \u2713 */\nstruct after_unicode { int a; };\nstatic const char *probe_text = \"\u00e9\";\n";
        using var index = new ClangIndex();
        using TranslationUnit unit = ClangTestParse.Parse(index, name, [new UnsavedFile(name, source)]);

        Assert.Empty(unit.Diagnostics);
        Cursor record = unit.Find(CursorKind.StructDecl, "after_unicode");
        Assert.Equal(2, record.Location.Line);
        Assert.Equal("\"\u00e9\"", unit.Find(CursorKind.VarDecl, "probe_text").Tokens()[^1].Spelling);
    }
}
