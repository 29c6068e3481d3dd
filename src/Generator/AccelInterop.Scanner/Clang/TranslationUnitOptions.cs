namespace AccelInterop.Scanner.Clang;

/// <summary>
/// The exact bits of <c>enum CXTranslationUnit_Flags</c> (clang-c/Index.h) that a header scan
/// can use. All exist in libclang 14.
/// </summary>
[Flags]
public enum TranslationUnitOptions
{
    None = 0x0,

    /// <summary>Keep macro definitions, expansions and inclusion directives as cursors (needed to read <c>#define</c>s).</summary>
    DetailedPreprocessingRecord = 0x01,

    /// <summary>The unit is a header that may be incomplete on its own (e.g. no definitions for declared functions).</summary>
    Incomplete = 0x02,

    SkipFunctionBodies = 0x40,

    /// <summary>Do not stop at the first fatal error (e.g. a missing include): keep going and report it as a diagnostic.</summary>
    KeepGoing = 0x200,

    SingleFileParse = 0x400,

    /// <summary>Report <see cref="TypeKind.Attributed"/> types instead of silently stripping the attribute.</summary>
    IncludeAttributedTypes = 0x1000,

    /// <summary>Visit implicit attributes too.</summary>
    VisitImplicitAttributes = 0x2000,

    /// <summary>Drop warnings and notes that come from included files; keep errors.</summary>
    IgnoreNonErrorsFromIncludedFiles = 0x4000,
}
