using System.Globalization;
using System.Text.RegularExpressions;

namespace AccelInterop.Conformance.Layout;

/// <summary>One compiler diagnostic with the notes that follow it.</summary>
internal sealed record CompilerDiagnostic(string File, int Line, int Column, string Severity, string Message)
{
    public List<CompilerDiagnostic> Notes { get; } = [];

    public bool IsError => Severity is "error" or "fatal error";

    /// <summary>The first location (the diagnostic's own, then its notes') that lies in <paramref name="file"/>.</summary>
    public int? LineIn(string file)
    {
        if (SameFile(File, file))
        {
            return Line;
        }

        foreach (var n in Notes)
        {
            if (SameFile(n.File, file))
            {
                return n.Line;
            }
        }

        return null;
    }

    private static bool SameFile(string reported, string file) =>
        reported == file || reported.EndsWith("/" + file, StringComparison.Ordinal);

    public override string ToString() => $"{File}:{Line}:{Column}: {Severity}: {Message}";
}

/// <summary>Parses gcc's and clang's plain-text diagnostics (<c>file:line:col: error: message</c>).</summary>
internal static partial class CompilerDiagnostics
{
    [GeneratedRegex(@"^(?<file>[^:\n]+|.+?):(?<line>\d+):(?:(?<col>\d+):)? (?<sev>fatal error|error|warning|note): (?<msg>.*)$")]
    private static partial Regex DiagnosticLine();

    public static List<CompilerDiagnostic> Parse(string output)
    {
        var result = new List<CompilerDiagnostic>();
        CompilerDiagnostic? current = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var m = DiagnosticLine().Match(line);
            if (!m.Success)
            {
                continue;
            }

            var d = new CompilerDiagnostic(m.Groups["file"].Value,
                int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture),
                m.Groups["col"].Success ? int.Parse(m.Groups["col"].Value, CultureInfo.InvariantCulture) : 0,
                m.Groups["sev"].Value, m.Groups["msg"].Value);
            if (d.Severity == "note" && current != null)
            {
                current.Notes.Add(d);
            }
            else
            {
                current = d;
                result.Add(d);
            }
        }
        return result;
    }

    /// <summary>The first line of output that looks like an error, for messages when nothing could be parsed.</summary>
    public static string FirstErrorLine(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        return lines.FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? lines.FirstOrDefault() ?? "(no output)";
    }

    [GeneratedRegex(@"AI#(\d+)")]
    private static partial Regex FactId();

    /// <summary>The fact id an assert message carries, if any.</summary>
    public static int? FactIdIn(string message)
    {
        var m = FactId().Match(message);
        return m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    public static bool IsStaticAssertFailure(string message) =>
        message.StartsWith("static assertion failed", StringComparison.Ordinal)
        || message.StartsWith("static_assert failed", StringComparison.Ordinal);

    [GeneratedRegex(@"char \(\*\)\[(\d+)\]")]
    private static partial Regex ArrayBound();

    /// <summary>The bound of the first <c>char (*)[N]</c> in a message (the value probe's carrier).</summary>
    public static long? ArrayBoundIn(string message)
    {
        var m = ArrayBound().Match(message);
        return m.Success && long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
