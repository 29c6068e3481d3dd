using System.Runtime.InteropServices;
using AccelInterop.Scanner.Clang.Native;

namespace AccelInterop.Scanner.Clang;

// Macros, tokens and constant evaluation.
public readonly partial struct Cursor
{
    /// <summary>For a macro definition: it takes parameters (<c>#define F(x) ...</c>).</summary>
    public bool IsMacroFunctionLike => NativeMethods.clang_Cursor_isMacroFunctionLike(Native) != 0;

    /// <summary>For a macro definition: a builtin like <c>__LINE__</c>, which has no source.</summary>
    public bool IsMacroBuiltin => NativeMethods.clang_Cursor_isMacroBuiltin(Native) != 0;

    /// <summary>The tokens of <see cref="Extent"/>: for a macro definition, its name followed by its body.</summary>
    public IReadOnlyList<ClangToken> Tokens() => TranslationUnit.Tokenize(Extent);

    /// <summary>
    /// Evaluates the cursor as a constant: an expression, or a variable through its
    /// initializer. A macro definition is not evaluable; to evaluate a macro, parse an unsaved
    /// file that initializes a variable from it and evaluate that variable.
    /// </summary>
    public unsafe EvaluationResult Evaluate()
    {
        nint result = NativeMethods.clang_Cursor_Evaluate(Native);
        if (result == 0)
        {
            return EvaluationResult.Unevaluable;
        }

        try
        {
            return NativeMethods.clang_EvalResult_getKind(result) switch
            {
                CXEvalResultKind.Int => NativeMethods.clang_EvalResult_isUnsignedInt(result) != 0
                    ? EvaluationResult.Unsigned(NativeMethods.clang_EvalResult_getAsUnsigned(result))
                    : EvaluationResult.Signed(NativeMethods.clang_EvalResult_getAsLongLong(result)),
                CXEvalResultKind.Float => EvaluationResult.Float(NativeMethods.clang_EvalResult_getAsDouble(result)),
                CXEvalResultKind.StrLiteral => EvaluationResult.String(
                    Marshal.PtrToStringUTF8((nint)NativeMethods.clang_EvalResult_getAsStr(result)) ?? string.Empty),
                CXEvalResultKind.UnExposed => EvaluationResult.Unevaluable,
                _ => EvaluationResult.Other,
            };
        }
        finally
        {
            NativeMethods.clang_EvalResult_dispose(result);
        }
    }
}
