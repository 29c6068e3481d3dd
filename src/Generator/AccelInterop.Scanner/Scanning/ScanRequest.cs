using AccelInterop.Model.Targets;

namespace AccelInterop.Scanner.Scanning;

/// <summary>One header to scan: how the evaluation unit includes it and where it is on disk.</summary>
public sealed record PrimaryHeader(string IncludeSpelling, string FullPath, string ModelPath);

/// <summary>What to scan and how: headers, include directories per target, extra defines, preludes.</summary>
public sealed record ScanRequest(
    IReadOnlyList<string> Headers,
    IReadOnlyList<string> Targets,
    Func<string, IReadOnlyList<string>> IncludeDirsFor,
    IReadOnlyList<string> ExtraIncludeDirs,
    IReadOnlyList<string> Defines)
{
    /// <summary>Parse the host target with the system's libc headers after the uAPI dirs (cross targets are freestanding).</summary>
    public bool HostedHostTarget { get; init; } = true;

    /// <summary>The triple of the machine running the scan (its parse may use the system libc headers).</summary>
    public string HostTarget { get; init; } = LinuxTargets.Current?.Triple ?? "";

    /// <summary>
    /// Headers included before the primary ones, like <c>cc -include</c> (<c>stdint.h</c> for a header that
    /// uses <c>int64_t</c> without including it); each a file path or a name in the include directories.
    /// </summary>
    public IReadOnlyList<string> Includes { get; init; } = [];
}

/// <summary>The scan cannot go on: a header is missing or does not compile. Carries file:line where known.</summary>
public sealed class ScanException(string message, string? file = null, int line = 0) : Exception(message)
{
    public string? File { get; } = file;
    public int Line { get; } = line;

    /// <summary>Preludes (<c>--include</c>) that would fix the scan, when the headers only lack C library types.</summary>
    public IReadOnlyList<string> SuggestedIncludes { get; init; } = [];

    /// <summary>The one line a user sees: <c>file:line: error: message</c>.</summary>
    public string UserMessage => File == null ? $"error: {Message}" : Line > 0 ? $"{File}:{Line}: error: {Message}" : $"{File}: error: {Message}";
}
