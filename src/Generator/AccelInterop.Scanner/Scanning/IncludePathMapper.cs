namespace AccelInterop.Scanner.Scanning;

/// <summary>
/// Names files the way C includes them, relative to the include directory that holds
/// them (<c>drm/xe_drm.h</c>, <c>asm/types.h</c> for every arch's asm dir), so models do
/// not depend on where the headers were extracted and per-arch files line up across targets.
/// </summary>
public sealed class IncludePathMapper
{
    private readonly List<(string Dir, string? Label)> _dirs;

    /// <param name="includeDirs">The include directories in search order.</param>
    /// <param name="resourceDir">The compiler's own headers, named <c>&lt;builtin&gt;/...</c>.</param>
    public IncludePathMapper(IEnumerable<string> includeDirs, string? resourceDir)
    {
        _dirs = includeDirs.Select(d => (Normalize(d), (string?)null)).ToList();
        if (resourceDir != null)
        {
            _dirs.Add((Normalize(Path.Combine(resourceDir, "include")), "<builtin>"));
        }
        // Longest first, so a per-arch dir inside the include root wins over the root.
        _dirs.Sort((a, b) => b.Dir.Length.CompareTo(a.Dir.Length));
    }

    public string Map(string file)
    {
        if (string.IsNullOrEmpty(file))
        {
            return "<unknown>";
        }

        var full = Normalize(file);
        foreach (var (dir, label) in _dirs)
        {
            if (full.StartsWith(dir, StringComparison.Ordinal))
            {
                var rel = full[dir.Length..];
                return label == null ? rel : label + "/" + rel;
            }
        }
        var cwdRel = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
        return cwdRel.StartsWith("..", StringComparison.Ordinal) ? full : cwdRel.Replace('\\', '/');
    }

    private static string Normalize(string path)
    {
        var full = Path.GetFullPath(path).Replace('\\', '/');
        return full.EndsWith('/') || !Directory.Exists(full) ? full : full + "/";
    }
}
