namespace AccelInterop.Conformance.Rules;

/// <summary>
/// A suppression file (docs/conformance.md): one suppression per line,
/// <c>RULE-ID SYMBOL [# reason]</c>; blank lines and lines starting with <c>#</c> are ignored.
/// </summary>
public sealed class SuppressionFile
{
    private SuppressionFile(string path, IReadOnlyList<Suppression> entries)
    {
        Path = path;
        Entries = entries;
    }

    public string Path { get; }
    public IReadOnlyList<Suppression> Entries { get; }

    public static SuppressionFile Empty { get; } = new("", []);

    public static SuppressionFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new SuppressionFormatException(path, 0, "suppression file not found");
        }

        return Parse(path, File.ReadAllText(path));
    }

    public static SuppressionFile Parse(string path, string text)
    {
        var entries = new List<Suppression>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            string? reason = null;
            var hash = line.IndexOf('#');
            if (hash >= 0)
            {
                reason = line[(hash + 1)..].Trim();
                line = line[..hash];
            }
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            if (parts.Length != 2)
            {
                throw new SuppressionFormatException(path, i + 1, $"expected 'RULE-ID SYMBOL [# reason]', got '{line.Trim()}'");
            }

            if (parts[0] != "*" && RuleCatalog.Find(parts[0]) == null)
            {
                throw new SuppressionFormatException(path, i + 1,
                    $"unknown rule '{parts[0]}' (rules: {string.Join(", ", RuleCatalog.All.Select(r => r.Id))})");
            }

            entries.Add(new Suppression(parts[0], parts[1], string.IsNullOrEmpty(reason) ? null : reason, i + 1));
        }
        return new SuppressionFile(path, entries);
    }

    public Suppression? Match(CheckFinding finding) => Entries.FirstOrDefault(e => e.Matches(finding));
}

/// <summary>A suppression file that cannot be read; names the file and line.</summary>
public sealed class SuppressionFormatException(string file, int line, string message) : Exception(message)
{
    public string File { get; } = file;
    public int Line { get; } = line;

    public string UserMessage => Line > 0 ? $"{File}:{Line}: error: {Message}" : $"{File}: error: {Message}";
}
