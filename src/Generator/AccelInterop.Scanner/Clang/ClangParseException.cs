namespace AccelInterop.Scanner.Clang;

/// <summary>libclang's error codes from clang_parseTranslationUnit2 (<c>enum CXErrorCode</c>).</summary>
public enum ParseErrorCode
{
    /// <summary>A generic failure, typically the main file could not be read.</summary>
    Failure = 1,
    Crashed = 2,
    InvalidArguments = 3,
    ASTReadError = 4,
}

/// <summary>
/// libclang produced no translation unit at all. Ordinary C errors do not throw this: they come
/// back as <see cref="TranslationUnit.Diagnostics"/>.
/// </summary>
public sealed class ClangParseException : Exception
{
    public ClangParseException(string fileName, ParseErrorCode errorCode)
        : base($"{fileName}: libclang could not parse it ({errorCode}, CXErrorCode {(int)errorCode})")
    {
        FileName = fileName;
        ErrorCode = errorCode;
    }

    public string FileName { get; }

    public ParseErrorCode ErrorCode { get; }
}
