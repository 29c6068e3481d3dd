namespace AccelInterop.Conformance.Tests.Support;

/// <summary>Where the synced upstream uAPI headers are (<c>headers/upstream/include</c>, filled by <c>accelgen headers sync</c>).</summary>
internal static class UapiHeaders
{
    public static string IncludeRoot { get; } = Locate();

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("ACCELINTEROP_UAPI_INCLUDE");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Check(fromEnv);
        }

        var synced = Path.Combine(Checkout.Root, "headers", "upstream", "include");
        return File.Exists(Path.Combine(synced, "linux", "types.h")) ? synced : throw new InvalidOperationException(
            "synced uAPI headers not found (headers/upstream/include/linux/types.h); run 'accelgen headers sync' or set ACCELINTEROP_UAPI_INCLUDE");
    }

    private static string Check(string dir) =>
        File.Exists(Path.Combine(dir, "linux", "types.h"))
            ? Path.GetFullPath(dir)
            : throw new InvalidOperationException($"ACCELINTEROP_UAPI_INCLUDE={dir} has no linux/types.h");
}

/// <summary>A temporary directory holding one test header at <c>RELATIVE</c>; deleted on dispose.</summary>
internal sealed class TempHeader : IDisposable
{
    public TempHeader(string relativePath, string text)
    {
        Directory = Path.Combine(Path.GetTempPath(), "ai-conformance-tests-" + Guid.NewGuid().ToString("N")[..8]);
        RelativePath = relativePath;
        Text = text;
        var full = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    public string Directory { get; }
    public string RelativePath { get; }
    public string Text { get; }

    /// <summary>1-based line of the first line containing <paramref name="marker"/>.</summary>
    public int LineOf(string marker)
    {
        var lines = Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(marker, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new ArgumentException($"'{marker}' not in the test header");
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
