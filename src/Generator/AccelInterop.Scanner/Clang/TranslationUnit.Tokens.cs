using AccelInterop.Scanner.Clang.Native;

namespace AccelInterop.Scanner.Clang;

// Lexing: copies the tokens of a range out of libclang and disposes the token array.
public sealed partial class TranslationUnit
{
    /// <summary>The tokens of <paramref name="range"/>, e.g. a macro definition's name and body.</summary>
    /// <exception cref="ArgumentException">The range belongs to another translation unit.</exception>
    public unsafe IReadOnlyList<ClangToken> Tokenize(ClangRange range)
    {
        if (!ReferenceEquals(range.Owner, this))
        {
            throw new ArgumentException("the range belongs to another translation unit", nameof(range));
        }

        nint unit = RawHandle;
        CXToken* tokens = null;
        uint count = 0;
        NativeMethods.clang_tokenize(unit, range.Native, &tokens, &count);
        if (tokens is null)
        {
            return [];
        }

        try
        {
            var result = new List<ClangToken>((int)count);
            for (uint i = 0; i < count; i++)
            {
                result.Add(new ClangToken(
                    NativeMethods.clang_getTokenKind(tokens[i]),
                    CXStringMarshal.Take(NativeMethods.clang_getTokenSpelling(unit, tokens[i]))));
            }

            return result;
        }
        finally
        {
            NativeMethods.clang_disposeTokens(unit, tokens, count);
        }
    }
}
