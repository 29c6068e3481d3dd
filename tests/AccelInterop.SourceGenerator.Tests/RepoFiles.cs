namespace AccelInterop.SourceGenerator.Tests;

internal static class RepoFiles
{
    /// <summary>The checkout root: the folder above the test binaries that has AccelInterop.sln.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AccelInterop.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AccelInterop.sln not found above " + AppContext.BaseDirectory);
    }
}
