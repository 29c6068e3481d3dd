namespace AccelInterop.Emitter.Tests;

/// <summary>Where the checkout's inputs are.</summary>
internal static class RepoPaths
{
    public static string Root => Checkout.Root;

    public static string Models => Path.Combine(Root, "headers", "models");

    /// <summary>A committed uAPI's reviewed ABI facts file.</summary>
    public static string Facts(string uapi) => Path.Combine(Root, "headers", "annotations", uapi + ".facts.json");
    public static string UpstreamInclude => Path.Combine(Root, "headers", "upstream", "include");
    public static string Proposed => Path.Combine(Root, "headers", "proposed");
    public static string Baselines => Path.Combine(Root, "tests", "AccelInterop.Emitter.Tests", "Baselines");

    /// <summary>The uAPIs with committed models, as the CLI's catalog names them.</summary>
    public static readonly string[] Uapis = ["drm", "amdxdna", "qda", "xe", "vfio", "dmabuf"];
}
