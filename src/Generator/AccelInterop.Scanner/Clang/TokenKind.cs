namespace AccelInterop.Scanner.Clang;

/// <summary>The exact values of <c>enum CXTokenKind</c> (clang-c/Index.h).</summary>
public enum TokenKind
{
    Punctuation = 0,
    Keyword = 1,
    Identifier = 2,

    /// <summary>A number, character or string literal, spelled as written (<c>0x17</c>, <c>1ULL</c>).</summary>
    Literal = 3,
    Comment = 4,
}
