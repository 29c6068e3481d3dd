using System.Text;
using System.Text.RegularExpressions;
using AccelInterop.Conformance.Layout;
using AccelInterop.Model.Targets;

namespace AccelInterop.EndToEnd.Tests;

/// <summary>A header as a C program includes it: the preludes first, then the header.</summary>
internal sealed record IncludedHeader(string Header, IReadOnlyList<string> Preludes);

/// <summary>
/// Which object-like macros of a header are ioctl requests a C program can use, asked from the compiler
/// with no help from the scanner. The program includes what a C user includes first: <c>&lt;sys/ioctl.h&gt;</c>
/// with the C library on the host (gcc), the kernel's <c>&lt;linux/ioctl.h&gt;</c> it brings in on the other
/// targets (clang, freestanding); then the preludes and the header. A macro is a request when it expands to
/// an <c>_IOC()</c> call and nothing else but parentheses (preprocessed with <c>_IOC</c> redefined to a marker),
/// and usable when it is an integer constant.
/// </summary>
internal static partial class RequestOracle
{
    private const string Marker = "__ai_reaches_ioc";
    private const string Probe = "__ai_probe";
    private const string UsablePrefix = "__ai_usable_";

    /// <summary>The header's object-like macros as written (guarded by <c>#ifdef</c> in the probes, so untaken ones drop out).</summary>
    [GeneratedRegex(@"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+\S", RegexOptions.Multiline)]
    private static partial Regex ObjectLikeMacro();

    [GeneratedRegex(Probe + @" (\d+) ""(\w+)""(.*)$", RegexOptions.Multiline)]
    private static partial Regex ProbeLine();

    // clang: "'x' declared as an array with a negative size"; gcc: "size of array 'x' is negative".
    [GeneratedRegex(UsablePrefix + @"(\w+)'(?: declared as an array with a negative size| is negative)")]
    private static partial Regex NegativeArray();

    /// <summary>
    /// For each header, the macros that expand to an <c>_IOC()</c> call on <paramref name="target"/>. One
    /// preprocessor run takes many headers (each its own translation unit): starting the compiler is most of the cost.
    /// </summary>
    public static IReadOnlyList<IReadOnlySet<string>> ExpandingToIoc(IReadOnlyList<IncludedHeader> headers, string target)
    {
        var sources = headers.Select((h, index) =>
        {
            var text = File.ReadAllText(Path.Combine(UapiHeaders.Cache.IncludeDir, h.Header));
            var source = new StringBuilder(Includes(h, target));
            source.Append("#undef _IOC\n#define _IOC(dir, type, nr, size) ").Append(Marker).Append('\n');
            foreach (var m in ObjectLikeMacro().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal))
            {
                source.Append($"#ifdef {m}\n{Probe} {index} \"{m}\" {m}\n#endif\n");
            }

            return source.ToString();
        }).ToList();
        var output = Compile(target, sources, "-E");
        Assert.True(output.ExitCode == 0, $"{target}: the preprocessor failed: {FirstLine(output.StandardError)}");
        var result = headers.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToList();
        foreach (Match m in ProbeLine().Matches(output.StandardOutput))
        {
            if (m.Groups[3].Value.Replace("(", "").Replace(")", "").Trim() == Marker)
            {
                result[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)].Add(m.Groups[2].Value);
            }
        }

        return result;
    }

    /// <summary>
    /// Those of <paramref name="macros"/> that are integer constants on <paramref name="target"/>. Each is the
    /// size of an array that comes out negative exactly when the macro is one, so the compiler names every
    /// usable macro in an error of its own (gcc reports an undeclared name only once, so silence proves nothing).
    /// </summary>
    public static IReadOnlySet<string> Usable(IncludedHeader header, string target, IReadOnlyList<string> macros)
    {
        if (macros.Count == 0)
        {
            return new HashSet<string>();
        }

        var source = new StringBuilder(Includes(header, target));
        foreach (var m in macros)
        {
            source.Append($"typedef char {UsablePrefix}{m}[(long long)(({m}) & 0) - 1];\n");
        }

        var output = Compile(target, [source.ToString()], "-fsyntax-only");
        return NegativeArray().Matches(output.StandardError).Select(m => m.Groups[1].Value).Where(macros.Contains).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The compiler's first error for the program that includes the header, or null when it compiles.</summary>
    public static string? ErrorOf(IncludedHeader header, string target)
    {
        var output = Compile(target, [Includes(header, target)], "-fsyntax-only");
        return output.ExitCode == 0 ? null : FirstLine(output.StandardError);
    }

    private static string Includes(IncludedHeader h, string target)
    {
        var first = LinuxTargets.Current?.Triple == target ? "sys/ioctl.h" : "linux/ioctl.h";
        return string.Concat(new[] { first }.Concat(h.Preludes).Append(h.Header).Select(i => $"#include <{i}>\n"));
    }

    private static ChildProcess.Result Compile(string target, IReadOnlyList<string> sources, string mode)
    {
        var compiler = CompilerLocator.Default.Locate(target);
        var dir = Directory.CreateTempSubdirectory("ai-requests-").FullName;
        try
        {
            var args = new List<string>(compiler.TargetArguments)
            {
                compiler.Kind == CompilerKind.Clang ? "-ferror-limit=0" : "-fmax-errors=0",
                "-std=gnu11", "-w", "-isystem", Path.Combine(UapiHeaders.Cache.IncludeDir, LinuxTargets.Parse(target).MultiarchDir),
                "-isystem", UapiHeaders.Cache.IncludeDir, mode,
            };
            for (var i = 0; i < sources.Count; i++)
            {
                File.WriteAllText(Path.Combine(dir, $"probe{i}.c"), sources[i]);
                args.Add($"probe{i}.c");
            }
            // The C locale: plain quotes in the compiler's messages.
            return ChildProcess.Run(compiler.Path, args, environment: ChildProcess.CLocale, workingDirectory: dir);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static string FirstLine(string text) =>
        (text.Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.Ordinal)) ?? text).Trim();
}
