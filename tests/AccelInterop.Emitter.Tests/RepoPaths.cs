namespace AccelInterop.Emitter.Tests;

/// <summary>Where the checkout's inputs are: the solution folder found upward from the test binaries.</summary>
internal static class RepoPaths
{
    public static readonly string Root = FindRoot();

    public static string Models => Path.Combine(Root, "headers", "models");
    public static string UpstreamInclude => Path.Combine(Root, "headers", "upstream", "include");
    public static string Proposed => Path.Combine(Root, "headers", "proposed");
    public static string Baselines => Path.Combine(Root, "tests", "AccelInterop.Emitter.Tests", "Baselines");

    /// <summary>The uAPIs with committed models, as the CLI's catalog names them.</summary>
    public static readonly string[] Uapis = ["drm", "amdxdna", "qda", "xe", "vfio"];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AccelInterop.sln"))) return dir.FullName;
        throw new InvalidOperationException("tests must run inside the AccelInterop checkout");
    }
}
