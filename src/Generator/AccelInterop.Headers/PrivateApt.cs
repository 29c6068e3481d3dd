namespace AccelInterop.Headers;

/// <summary>
/// apt-get/apt-cache driven by a private configuration in <c>.cache/apt</c>: its own sources list,
/// lists and archive dirs, no dpkg status, no system preferences, no lock. The system's apt
/// configuration (proxies etc.) still applies; its sources, lists and pins are never read or written.
/// </summary>
internal sealed class PrivateApt
{
    private readonly string _aptDir;
    private readonly TimeSpan _timeout;
    private readonly List<string> _options;

    /// <param name="architecture">The index to fetch: <c>all</c> for linux-libc-dev, a Debian architecture (<c>amd64</c>) for the kernel lane's packages.</param>
    public PrivateApt(string aptDir, string uri, string suite, string keyring, TimeSpan timeout, int? retries, string architecture = "all")
    {
        _aptDir = aptDir;
        Uri = uri;
        _timeout = timeout;
        foreach (var dir in new[] { "lists/partial", "archives/partial", "cache", "download" })
        {
            Directory.CreateDirectory(Path.Combine(aptDir, dir));
        }

        // One architecture + target=Packages: linux-libc-dev is Architecture: all, so the small
        // binary-all index is enough (about 5 MB instead of 17 MB with per-arch and DEP-11 indexes),
        // and the fetch does not depend on the host architecture; the kernel packages need their own.
        var sourcesList = Path.Combine(aptDir, "sources.list");
        AtomicFile.WriteAllText(sourcesList, $"deb [signed-by={keyring} arch={architecture} target=Packages] {uri} {suite} main\n");

        _options =
        [
            "-o", $"Dir::Etc::SourceList={sourcesList}",
            "-o", "Dir::Etc::SourceParts=/dev/null",
            "-o", "Dir::Etc::Preferences=/dev/null",
            "-o", "Dir::Etc::PreferencesParts=/dev/null",
            "-o", $"Dir::State::Lists={Path.Combine(aptDir, "lists")}",
            "-o", $"Dir::Cache={Path.Combine(aptDir, "cache")}",
            "-o", $"Dir::Cache::Archives={Path.Combine(aptDir, "archives")}",
            "-o", "Dir::State::Status=/dev/null",
            "-o", "Debug::NoLocking=1",
            "-o", "APT::Sandbox::User=root",
            "-o", "Acquire::Languages=none",
        ];
        if (retries is { } n)
        {
            _options.AddRange(["-o", $"Acquire::Retries={n}"]);
        }
    }

    public string Uri { get; }

    /// <summary>
    /// Refreshes the private index. Returns null on success, else apt's first error line.
    /// <c>--error-on=any</c> makes a failed fetch an error instead of silently keeping stale lists.
    /// </summary>
    public string? Update()
    {
        ProcessResult result;
        try
        {
            result = ProcessRunner.Run("apt-get", [.. _options, "-q", "--error-on=any", "update"], _aptDir, _timeout, description: "apt-get update");
        }
        catch (ToolNotFoundException e)
        {
            return e.Message;
        }

        return result.ExitCode == 0 ? null : result.FirstErrorLine();
    }

    /// <summary>The version the archive serves now (from the freshly updated index).</summary>
    public string CandidateVersion(string package)
    {
        var result = ProcessRunner.Run("apt-cache", [.. _options, "show", "--no-all-versions", package], _aptDir, _timeout, description: "apt-cache show");
        var version = result.StandardOutput.Split('\n')
            .Where(l => l.StartsWith("Version:", StringComparison.Ordinal))
            .Select(l => l["Version:".Length..].Trim())
            .FirstOrDefault();
        return result.ExitCode == 0 && !string.IsNullOrEmpty(version)
            ? version
            : throw new HeaderSyncException($"the Debian archive at {Uri} does not list {package}: {result.FirstErrorLine()}");
    }

    /// <summary>
    /// Downloads <paramref name="package"/>=<paramref name="version"/> into <c>.cache/apt/download</c>
    /// (apt checks it against the signed index) and returns its path. Other versions there are removed.
    /// </summary>
    public string Download(string package, string version)
    {
        var directory = Path.Combine(_aptDir, "download");
        var result = ProcessRunner.Run("apt-get", [.. _options, "-q", "download", $"{package}={version}"], directory, _timeout, description: "apt-get download");
        if (result.ExitCode != 0)
        {
            throw new HeaderSyncException($"cannot download {package} {version} from {Uri}: {result.FirstErrorLine()}");
        }

        // apt names the file package_version_arch.deb with ':' (epoch) escaped as %3a.
        var prefix = $"{package}_{version.Replace(":", "%3a", StringComparison.Ordinal)}_";
        string? found = null;
        foreach (var file in Directory.EnumerateFiles(directory, $"{package}_*.deb"))
        {
            if (Path.GetFileName(file).StartsWith(prefix, StringComparison.Ordinal))
            {
                found = file;
            }
            else
            {
                File.Delete(file);
            }
        }

        return found ?? throw new HeaderSyncException($"apt-get download reported success but no {prefix}*.deb is in {directory}");
    }
}
