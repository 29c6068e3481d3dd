using AccelInterop.Scanner.Clang;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>A machine layout made of a set of file paths and symbolic links, for locator tests.</summary>
internal sealed class FakeLibClangFileSystem(params string[] files) : ILibClangFileSystem
{
    private readonly HashSet<string> _files = [.. files];

    public Dictionary<string, string> Links { get; } = new(StringComparer.Ordinal);

    public bool FileExists(string path) => _files.Contains(path) || Links.ContainsKey(path);

    public IEnumerable<string> GetDirectories(string path)
    {
        string prefix = path.TrimEnd('/') + "/";
        return _files
            .Where(file => file.StartsWith(prefix, StringComparison.Ordinal))
            .Select(file => file[prefix.Length..].Split('/'))
            .Where(parts => parts.Length > 1)
            .Select(parts => prefix + parts[0])
            .Distinct(StringComparer.Ordinal);
    }

    public string? ResolveLinkTarget(string path) => Links.GetValueOrDefault(path);
}
