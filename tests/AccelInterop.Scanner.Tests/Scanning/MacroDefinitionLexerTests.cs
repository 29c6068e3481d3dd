using AccelInterop.Scanner.Scanning;
using Xunit;

namespace AccelInterop.Scanner.Tests.Scanning;

public class MacroDefinitionLexerTests
{
    [Fact]
    public void Finds_object_like_macros_with_values_and_their_lines()
    {
        const string text = "#ifndef GUARD_H\n"          // 1
            + "#define GUARD_H\n"                        // 2: empty, a guard
            + "#define A 1 /* one */\n"                  // 3
            + "  #  define B (A + \\\n"                  // 4: continued
            + "    2)\n"                                 // 5
            + "#define F(x) ((x) + 1)\n"                 // 6: function-like
            + "/* #define HIDDEN 3\n"                    // 7: in a comment
            + "   still comment */ #define C 4\n"        // 8: a comment is one space, so this is a directive
            + "#define D \"a /* b\" // c\n"              // 9: comment markers inside a literal
            + "#define E 5\n"                            // 10
            + "#define A 6\n";                           // 11: redefinition keeps the first
        var found = MacroDefinitionLexer.Read(text);
        Assert.Equal(new[] { ("A", 3), ("B", 4), ("C", 8), ("D", 9), ("E", 10) }, found.Select(m => (m.Name, m.Line)));
    }

    [Fact]
    public void Crlf_and_no_trailing_newline()
    {
        var found = MacroDefinitionLexer.Read("#define X 1\r\n#define Y \\\r\n 2");
        Assert.Equal(new[] { ("X", 1), ("Y", 2) }, found.Select(m => (m.Name, m.Line)));
    }
}
