using System.Text.RegularExpressions;
using AccelInterop.Conformance.Layout;
using AccelInterop.Conformance.Tests.Support;
using AccelInterop.Model.Targets;

namespace AccelInterop.Conformance.Tests.Diff;

/// <summary>What abidiff says about two builds of a header: its exit code and the types it names.</summary>
/// <param name="Harmful">Types abidiff reports by default (<c>'struct foo'</c> → <c>foo</c>).</param>
/// <param name="Harmless">Types it reports only with <c>--harmless</c> (what it filters out as harmless).</param>
public sealed record AbidiffVerdict(int ExitCode, IReadOnlySet<string> Harmful, IReadOnlySet<string> Harmless, string Report)
{
    public IEnumerable<string> All => Harmful.Concat(Harmless);
}

/// <summary>
/// Runs Debian's abidiff (abigail-tools) the way the issue asks: on <c>-g</c> shared objects gcc
/// builds from the same headers (unused types kept with <c>-fno-eliminate-unused-debug-types</c>;
/// one exported anchor function, since abidiff needs an ELF symbol), with <c>--non-reachable-types</c>.
/// </summary>
internal static partial class Abidiff
{
    public const string Tool = "/usr/bin/abidiff";

    public static AbidiffVerdict Compare(ScratchTree tree, string oldHeader, string newHeader)
    {
        Assert.True(File.Exists(Tool), "abidiff is missing: install the Debian package abigail-tools (eng/install-prereqs.sh does)");
        var oldSo = Build(tree, oldHeader, "old");
        var newSo = Build(tree, newHeader, "new");
        var (code, harmful) = Run("--non-reachable-types", oldSo, newSo);
        var (_, withHarmless) = Run("--non-reachable-types", "--harmless", oldSo, newSo);
        var harmfulTypes = TypesIn(harmful);
        var harmlessTypes = TypesIn(withHarmless);
        harmlessTypes.ExceptWith(harmfulTypes);
        return new AbidiffVerdict(code, harmfulTypes, harmlessTypes, harmful + "\n--- with --harmless\n" + withHarmless);
    }

    private static string Build(ScratchTree tree, string header, string name)
    {
        var source = tree.Write($"abi-{name}.c", $"#include \"{header}\"\nint mc_anchor(void) {{ return 0; }}\n");
        var so = tree.PathOf($"lib{name}.so");
        var (code, text) = Exec("gcc", "-g", "-fno-eliminate-unused-debug-types", "-shared", "-fPIC",
            "-isystem", Path.Combine(UapiHeaders.IncludeRoot, LinuxTargets.Current!.MultiarchDir), "-isystem", UapiHeaders.IncludeRoot, "-o", so, source);
        Assert.True(code == 0, $"gcc failed on {header}: {text}");
        return so;
    }

    private static (int Code, string Output) Run(params string[] args) => Exec(Tool, args);

    private static (int Code, string Output) Exec(string file, params string[] args)
    {
        var run = ChildProcess.Run(file, args);
        return (run.ExitCode, run.Output);
    }

    /// <summary>
    /// Named types in abidiff's change lines: <c>[C] 'struct foo' changed</c>, <c>[A] 'enum bar'</c>, <c>[D] ...</c>.
    /// Anonymous types (<c>'union {...}'</c>, <c>'enum __anonymous_enum__4'</c>) have no name to match and are left out.
    /// </summary>
    private static HashSet<string> TypesIn(string report) =>
        ChangedType().Matches(report).Select(m => m.Groups[1].Value)
            .Where(n => !n.StartsWith("__anonymous", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^\s*\[[ACD]\] '(?:struct|union|enum) (\w+)'", RegexOptions.Multiline)]
    private static partial Regex ChangedType();
}
