namespace AccelInterop.Headers;

/// <summary>
/// Picks the Debian archive URI the system already uses, so the private apt fetch goes through
/// the same mirror (or proxy-fronted mirror) the machine is set up for.
/// </summary>
public static class DebianMirror
{
    // Every Debian codename and suite alias; a suite like "bookworm-updates" counts by its base name.
    // Ubuntu, Kali, etc. sources name other codenames and are skipped.
    private static readonly HashSet<string> Releases = new(StringComparer.OrdinalIgnoreCase)
    {
        "buzz", "rex", "bo", "hamm", "slink", "potato", "woody", "sarge", "etch", "lenny", "squeeze",
        "wheezy", "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "forky", "duke", "sid",
        "stable", "testing", "unstable", "oldstable", "oldoldstable", "experimental", "rc-buggy",
    };

    public static bool IsDebianRelease(string suite)
    {
        var s = suite.Trim().TrimEnd('/');
        var dash = s.IndexOf('-');
        return Releases.Contains(s) || (dash > 0 && Releases.Contains(s[..dash]));
    }

    /// <summary>
    /// Reads <c>sources.list</c>, <c>sources.list.d/*.list</c> and <c>sources.list.d/*.sources</c>
    /// under <paramref name="etcAptDir"/> in apt's order and returns the first suitable URI.
    /// </summary>
    public static string Find(string etcAptDir = "/etc/apt")
    {
        var filesRead = new List<string>();
        var sources = new List<AptSource>();
        var main = Path.Combine(etcAptDir, "sources.list");
        if (File.Exists(main))
        {
            filesRead.Add(main);
            sources.AddRange(AptSourcesParser.ParseOneLine(File.ReadAllText(main), main));
        }

        var parts = Path.Combine(etcAptDir, "sources.list.d");
        if (Directory.Exists(parts))
        {
            foreach (var file in Directory.EnumerateFiles(parts).Order(StringComparer.Ordinal))
            {
                if (file.EndsWith(".list", StringComparison.Ordinal))
                {
                    filesRead.Add(file);
                    sources.AddRange(AptSourcesParser.ParseOneLine(File.ReadAllText(file), file));
                }
                else if (file.EndsWith(".sources", StringComparison.Ordinal))
                {
                    filesRead.Add(file);
                    sources.AddRange(AptSourcesParser.ParseDeb822(File.ReadAllText(file), file));
                }
            }
        }

        return Choose(sources)
            ?? throw new HeaderSyncException(
                $"no Debian archive found in the apt sources ({(filesRead.Count == 0 ? $"no source files under {etcAptDir}" : string.Join(", ", filesRead))}); "
                + "expected a deb entry with a Debian suite that is not a -security archive");
    }

    /// <summary>The first binary source over http(s) that serves a Debian release and is not the security archive.</summary>
    public static string? Choose(IEnumerable<AptSource> sources) =>
        sources.Where(s => s.Type == "deb" && IsUsable(s)).Select(s => s.Uri).FirstOrDefault();

    private static bool IsUsable(AptSource source)
    {
        if (!Uri.TryCreate(source.Uri, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        return !path.EndsWith("-security", StringComparison.OrdinalIgnoreCase)
            && source.Suites.Any(IsDebianRelease);
    }
}
