namespace AccelInterop.Testing;

/// <summary>The checkout the tests run in: the solution folder found upward from the test binaries.</summary>
public static class Checkout
{
    public static readonly string Root = FindRoot();

    /// <summary>The ignored folder builds and tools write into (test results, published tools).</summary>
    public static string Artifacts => Path.Combine(Root, "artifacts");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AccelInterop.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("tests must run inside the AccelInterop checkout");
    }
}
