namespace AccelInterop.Emitter.Tests;

/// <summary>Where this project's inputs are in the checkout (<see cref="Checkout.Root"/>).</summary>
internal static class RepoPaths
{
    public static string Models => Path.Combine(Checkout.Root, "headers", "models");

    /// <summary>A committed uAPI's reviewed ABI facts file.</summary>
    public static string Facts(string uapi) => Path.Combine(Checkout.Root, "headers", "annotations", uapi + ".facts.json");

    public static string UpstreamInclude => Path.Combine(Checkout.Root, "headers", "upstream", "include");
    public static string Proposed => Path.Combine(Checkout.Root, "headers", "proposed");
    public static string Baselines => Path.Combine(Checkout.Root, "tests", "AccelInterop.Emitter.Tests", "Baselines");

    /// <summary>The uAPIs with committed models, as the CLI's catalog names them.</summary>
    public static readonly string[] Uapis = ["drm", "amdxdna", "qda", "xe", "vfio", "dmabuf"];
}
