namespace AccelInterop.Conformance.Tests.Support;

/// <summary>A temporary directory tree of files written by a test; deleted on dispose.</summary>
internal sealed class ScratchTree : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("ai-conformance-").FullName;

    public string Write(string relativePath, string text)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
