using System.Text.RegularExpressions;

namespace AccelInterop.Model.Tests.Sources;

/// <summary>
/// One table of Linux targets (src/Runtime/AccelInterop.Runtime/Targets): no other source names a
/// target triple, a .NET runtime identifier or a .NET process architecture. Facts the compiler knows
/// come from the model; names and the rest from the table. Comments may name architectures freely.
/// </summary>
public sealed partial class TargetFactsStayInTheTableTests
{
    private const string Table = "src/Runtime/AccelInterop.Runtime/Targets/";

    /// <summary>Files that may name targets, each with why.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["tests/AccelInterop.Model.Tests/Sources/TargetFactsStayInTheTableTests.cs"] =
            "this test: its own examples of what it looks for",
        ["src/Generator/AccelInterop.Generators/build/AccelInterop.Generators.targets"] =
            "the package's build logic, shipped without the table or eng/: the compiler host its ReadyToRun copies are for",
    };

    private static readonly string[] Roots = ["src", "tests", "bench", "samples"];
    private static readonly string[] BuildFiles = [".csproj", ".props", ".targets", ".sh"];

    // A GNU triple of any Linux architecture (x86_64-linux-gnu, arm-linux-gnueabihf, loongarch64-unknown-linux-gnu, ...).
    [GeneratedRegex(@"\b(?:x86_64|i[3-6]86|aarch64|arm\w*|powerpc\w*|ppc\w*|s390x?|riscv\d+|loongarch\d+|mips\w*|sparc\w*|alpha)-(?:\w+-)?linux-gnu\w*")]
    private static partial Regex Triple();

    // A .NET runtime identifier of a Linux architecture.
    [GeneratedRegex(@"\blinux-(?:musl-|bionic-)?(?:x64|x86|arm64|arm|armel|armv6|ppc64le|s390x|riscv64|loongarch64|mips64)\b")]
    private static partial Regex RuntimeIdentifier();

    // A member of System.Runtime.InteropServices.Architecture that names one of the Linux targets.
    [GeneratedRegex(@"\bArchitecture\.(?:X86|X64|Arm|Arm64|Armv6|Ppc64le|S390x|RiscV64|LoongArch64)\b")]
    private static partial Regex ArchitectureMember();

    [Fact]
    public void No_source_outside_the_table_names_a_triple_a_runtime_identifier_or_an_architecture()
    {
        var root = Checkout.Root;
        var found = new List<string>();
        var searched = 0;
        foreach (var file in Roots.Select(r => Path.Combine(root, r)).Where(Directory.Exists)
                     .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories)))
        {
            var rel = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (rel.Split('/').Any(p => p is "bin" or "obj") || rel.StartsWith(Table, StringComparison.Ordinal) || Allowed.ContainsKey(rel))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            if (file.EndsWith(".cs", StringComparison.Ordinal)) { searched++; found.AddRange(InCSharp(rel, text)); }
            else if (BuildFiles.Any(e => file.EndsWith(e, StringComparison.Ordinal))) { searched++; found.AddRange(InText(rel, text)); }
        }

        Assert.True(searched > 300, $"only {searched} source files searched under {root}");
        Assert.True(found.Count == 0,
            "target facts outside the table (read LinuxTargets or the model's target facts instead):\n" + string.Join("\n", found));
    }

    [Fact]
    public void Every_allowed_file_exists() =>
        Assert.All(Allowed.Keys, f => Assert.True(File.Exists(Path.Combine(Checkout.Root, f)), $"allow-list entry {f} names no file; drop it"));

    [Fact]
    public void The_search_sees_literals_and_code_but_not_comments()
    {
        const string source = """
            // x86_64-linux-gnu in a comment is fine
            var a = "arm-linux-gnueabihf";
            var b = $@"{x}/usr/lib/aarch64-linux-gnu";
            /* Architecture.X64 */ var c = Architecture.Ppc64le;
            var d = Architecture.Wasm; var e = 'x'; var f = "linux-riscv64";
            """;
        Assert.Equal(["t.cs:2: arm-linux-gnueabihf", "t.cs:3: aarch64-linux-gnu", "t.cs:4: Architecture.Ppc64le", "t.cs:5: linux-riscv64"],
            InCSharp("t.cs", source));
    }

    private static IEnumerable<string> InCSharp(string file, string text)
    {
        foreach (var segment in CSharpSegments.Split(text))
        {
            var patterns = segment.Kind == SegmentKind.Literal ? new[] { Triple(), RuntimeIdentifier() } : new[] { ArchitectureMember() };
            foreach (var p in patterns)
            {
                foreach (Match m in p.Matches(segment.Text))
                {
                    yield return $"{file}:{segment.Line + segment.Text[..m.Index].Count(c => c == '\n')}: {m.Value}";
                }
            }
        }
    }

    private static IEnumerable<string> InText(string file, string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var p in new[] { Triple(), RuntimeIdentifier() })
            {
                foreach (Match m in p.Matches(lines[i]))
                {
                    yield return $"{file}:{i + 1}: {m.Value}";
                }
            }
        }
    }
}
