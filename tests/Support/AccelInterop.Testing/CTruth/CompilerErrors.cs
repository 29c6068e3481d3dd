using System.Text.RegularExpressions;

namespace AccelInterop.Testing.CTruth;

/// <summary>The <c>file:line:col: error:</c> lines gcc and clang print, split into the probe's own lines and everything else.</summary>
public sealed partial class CompilerErrors
{
    [GeneratedRegex(@"^(?<file>[^:\n]+):(?<line>\d+):\d+: (?:fatal )?error: (?<message>.*)$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();

    /// <summary>Line numbers of the probe file that have an error.</summary>
    public HashSet<int> ProbeLines { get; } = [];

    /// <summary>Errors anywhere else (the header under test, the uAPI headers): the probe cannot be trusted.</summary>
    public List<string> Elsewhere { get; } = [];

    public static CompilerErrors Parse(string stderr, string probeFileName)
    {
        var errors = new CompilerErrors();
        foreach (Match m in ErrorLine().Matches(stderr))
        {
            if (Path.GetFileName(m.Groups["file"].Value) == probeFileName)
            {
                errors.ProbeLines.Add(int.Parse(m.Groups["line"].Value));
            }
            else
            {
                errors.Elsewhere.Add(m.Value.Trim());
            }
        }
        return errors;
    }
}
