namespace AccelInterop.Headers.Tests;

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir(bool asRepoRoot = false)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "accelinterop-headers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        if (asRepoRoot)
        {
            File.WriteAllText(System.IO.Path.Combine(Path, "AccelInterop.sln"), "");
        }
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Copies a tree, keeping symbolic links as links (the package has many in its asm dirs).</summary>
    public static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = System.IO.Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo)
            {
                CopyTree(entry.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }
}
