using System.Globalization;
using AccelInterop.Scanner.Clang;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>
/// The test assembly's entry point, used only when a test starts it as a child process: the
/// DllImport resolver and the loaded libclang are fixed for the life of a process, so loading a
/// different libclang (ACCELINTEROP_LIBCLANG) needs a fresh one. The child parses the layout
/// fixture and prints key=value facts for the parent test to check.
/// </summary>
public static class ChildProcessEntry
{
    public const string Verb = "--libclang-child";

    /// <summary>Exit code when libclang could not be located; the message is printed as notfound=....</summary>
    public const int NotFoundExitCode = 3;

    public static int Main(string[] args)
    {
        if (args is not [Verb, string header, string triple])
        {
            Console.Error.WriteLine($"usage: {Verb} HEADER TRIPLE (started by LibClangLoadTests)");
            return 2;
        }

        try
        {
            foreach ((string key, string value) in Report(header, triple))
            {
                Console.WriteLine($"{key}={value}");
            }

            return 0;
        }
        catch (LibClangNotFoundException ex)
        {
            Console.WriteLine($"notfound={ex.Message}");
            return NotFoundExitCode;
        }
    }

    private static IEnumerable<(string Key, string Value)> Report(string header, string triple)
    {
        LibClangInstallation installation = LibClang.EnsureLoaded();
        yield return ("major", Text(installation.MajorVersion));
        yield return ("path", installation.Path);
        yield return ("resourceDir", installation.ResourceDir);
        yield return ("version", LibClang.VersionText);

        using var index = new ClangIndex();
        using TranslationUnit unit = TranslationUnit.Parse(
            index, header, ClangTestParse.Arguments(index, triple), null, TranslationUnitOptions.DetailedPreprocessingRecord);
        yield return ("diagnostics", Text(unit.Diagnostics.Count));
        yield return ("tuKind", unit.Cursor.Kind.ToString());

        Cursor record = unit.Find(CursorKind.StructDecl, "probe_record");
        List<Cursor> fields = record.Type.Fields();
        yield return ("size.probe_record", Text(record.Type.SizeOf));
        yield return ("align.probe_record", Text(record.Type.AlignOf));
        yield return ("offsetbits.probe_record.as_u64", Text(record.Type.OffsetOfBits("as_u64")));
        yield return ("bitoffset.probe_record.mid", Text(record.Field("mid").OffsetOfFieldBits));
        yield return ("fieldNames", string.Join(",", fields.Select(f => f.Name)));
        yield return ("anonymousMemberFields", Text(fields.Count(f => f.IsAnonymousMemberField)));
        yield return ("childFieldDecls", Text(record.Children().Count(c => c.Kind == CursorKind.FieldDecl)));

        Cursor magic = unit.Cursor.Children().Single(c => c.Kind == CursorKind.MacroDefinition && c.Spelling == "PROBE_MAGIC");
        yield return ("tokens.PROBE_MAGIC", string.Join(" ", magic.Tokens().Select(t => t.Spelling)));

        EvaluationResult allOnes = unit.Find(CursorKind.VarDecl, "probe_all_ones").Evaluate();
        yield return ("eval.probe_all_ones", $"{allOnes.Kind}:{allOnes.IsUnsigned}:{Text(allOnes.UnsignedValue)}");

        Cursor high = unit.Find(CursorKind.EnumDecl, "probe_unsigned").Children().Single(c => c.Spelling == "PROBE_HIGH");
        yield return ("enum.PROBE_HIGH", Text(high.EnumConstantUnsignedValue));

        ClangType value = unit.Find(CursorKind.StructDecl, "probe_uses_typedef").Field("value").Type;
        yield return ("valueType", $"{value.Kind}>{value.NamedType.Kind}>{value.Canonical.Kind}");

        const string brokenName = "/accelinterop-virtual/child_broken.h";
        using TranslationUnit broken = TranslationUnit.Parse(
            index, brokenName, ClangTestParse.Arguments(index, triple), [new UnsavedFile(brokenName, "int ok;\n\nint broken(\n")]);
        ClangDiagnostic error = broken.Diagnostics.First(d => d.Severity >= DiagnosticSeverity.Error);
        yield return ("unsavedError", $"{error.File}:{error.Line}:{error.Severity}");
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
