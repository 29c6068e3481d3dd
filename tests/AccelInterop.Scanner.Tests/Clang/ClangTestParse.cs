using AccelInterop.Scanner.Clang;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>How the tests parse: C (gnu11) for gcc's target, with the located resource directory.</summary>
internal static class ClangTestParse
{
    public static IReadOnlyList<string> Arguments(ClangIndex index, string triple) =>
        ["-x", "c", "-std=gnu11", "-target", triple, "-resource-dir", index.Installation.ResourceDir];

    public static TranslationUnit Parse(
        ClangIndex index,
        string fileName,
        IReadOnlyList<UnsavedFile>? unsaved = null,
        TranslationUnitOptions options = TranslationUnitOptions.DetailedPreprocessingRecord) =>
        TranslationUnit.Parse(index, fileName, Arguments(index, GccLayoutProbe.Triple), unsaved, options);

    /// <summary>The definition of a top-level struct/union/enum/typedef/var named <paramref name="name"/>.</summary>
    public static Cursor Find(this TranslationUnit unit, CursorKind kind, string name) =>
        unit.Cursor.Children().Single(c => c.Kind == kind && c.Spelling == name && (kind != CursorKind.StructDecl || c.IsDefinition));

    public static Cursor Field(this Cursor record, string name) =>
        record.Type.Fields().Single(f => f.Spelling == name);
}
