namespace AccelInterop.Scanner.Clang;

/// <summary>One lexed token, spelled exactly as in the source (e.g. a macro body's <c>0x17ULL</c>).</summary>
public readonly record struct ClangToken(TokenKind Kind, string Spelling)
{
    public override string ToString() => Spelling;
}
