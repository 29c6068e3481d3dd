namespace AccelInterop.Headers;

/// <summary>An extracted Debian kernel: <c>usr/lib/modules/&lt;release&gt;/</c> holds the image, the config and the modules.</summary>
public sealed record KernelTree(string Root, string Release)
{
    public string ModulesDir => Path.Combine(Root, "usr", "lib", "modules", Release);

    public string Image => Path.Combine(ModulesDir, "vmlinuz");

    public string Config => Path.Combine(ModulesDir, "config");
}
