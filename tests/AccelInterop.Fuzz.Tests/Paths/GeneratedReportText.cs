using System.Numerics;

namespace AccelInterop.Fuzz.Tests.Paths;

/// <summary>The parsed lines of <c>GeneratedReport.Run</c>.</summary>
public sealed class GeneratedReportText
{
    public int Arch { get; private set; } = -1;
    public List<(int Arch, string Symbol, long Actual, long Expected)> Rows { get; } = [];

    /// <summary>Constants, requests and enumerators by C name: a value, or null where the bindings say "unavailable".</summary>
    public Dictionary<string, BigInteger?> Values { get; } = new(StringComparer.Ordinal);

    public List<string> Errors { get; } = [];

    public static GeneratedReportText Parse(string text)
    {
        var r = new GeneratedReportText();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = line.Split(' ');
            switch (p[0])
            {
                case "arch": r.Arch = int.Parse(p[1]); break;
                case "row": r.Rows.Add((int.Parse(p[1]), p[2], long.Parse(p[3]), long.Parse(p[4]))); break;
                case "const" or "request" or "enum":
                    r.Values.TryAdd(p[1].TrimStart('@'), p[2] == "unavailable" ? null : BigInteger.Parse(p[2]));
                    break;
                case "error": r.Errors.Add(line[6..]); break;
            }
        }
        return r;
    }
}
