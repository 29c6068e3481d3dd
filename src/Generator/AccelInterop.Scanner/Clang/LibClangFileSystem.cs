namespace AccelInterop.Scanner.Clang;

/// <summary>
/// The few file-system questions <see cref="LibClangLocator"/> asks, behind an interface so its
/// search order can be tested against a fake machine layout.
/// </summary>
internal interface ILibClangFileSystem
{
    bool FileExists(string path);

    /// <summary>Full paths of the sub-directories of <paramref name="path"/>; empty when it does not exist.</summary>
    IEnumerable<string> GetDirectories(string path);

    /// <summary>The final target of a symbolic link chain, or null when <paramref name="path"/> is not a link.</summary>
    string? ResolveLinkTarget(string path);
}

/// <summary>The real file system.</summary>
internal sealed class RealLibClangFileSystem : ILibClangFileSystem
{
    public static readonly RealLibClangFileSystem Instance = new();

    public bool FileExists(string path) => File.Exists(path);

    public IEnumerable<string> GetDirectories(string path) =>
        Directory.Exists(path) ? Directory.GetDirectories(path) : [];

    public string? ResolveLinkTarget(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
