namespace AccelInterop.Headers;

/// <summary>
/// Fetches a Debian kernel (image, modules, config) for the kernel lane, the VM the simulation is
/// checked against, through the same private apt configuration as <c>headers sync</c> (its own index
/// of the kernel's architecture in <c>.cache/kernel-lane/apt</c>). The packages are extracted with
/// <c>dpkg-deb</c> into <c>.cache/kernel-lane/&lt;release&gt;</c>, never installed; once that tree
/// is complete, a fetch is a lookup that touches no network.
/// </summary>
public static class KernelPackages
{
    /// <summary>The packages a Debian kernel release is split into (Debian's 7.x packaging): metapackage, image, modules, base files.</summary>
    private static readonly string[] Parts = ["linux-image", "linux-binary", "linux-modules", "linux-base"];

    private const string CompleteStamp = ".complete";

    /// <summary>Returns the extracted kernel, fetching it first when the cache does not hold it.</summary>
    public static KernelTree Fetch(KernelPackageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = options.RepoRoot ?? HeaderCache.Locate().RepoRoot;
        var laneDir = Path.Combine(root, ".cache", "kernel-lane");
        var tree = new KernelTree(Path.Combine(laneDir, options.Release), options.Release);
        if (File.Exists(Path.Combine(tree.Root, CompleteStamp)))
        {
            return tree;
        }

        using var _ = SyncLock.Acquire(laneDir, options.CommandTimeout);
        if (File.Exists(Path.Combine(tree.Root, CompleteStamp)))
        {
            return tree;
        }

        var uri = options.DebianUri?.TrimEnd('/') ?? DebianMirror.Find(options.EtcAptDir);
        var apt = new PrivateApt(Path.Combine(laneDir, "apt"), uri, options.Suite, options.Keyring,
            options.CommandTimeout, retries: null, options.Architecture);
        if (apt.Update() is { } networkError)
        {
            throw new HeaderSyncException($"cannot reach the Debian archive at {uri} to fetch the {options.Release} kernel: {networkError}");
        }

        var staging = tree.Root + ".partial";
        HeaderCache.TryDelete(staging);
        Directory.CreateDirectory(staging);
        foreach (var part in Parts)
        {
            var package = $"{part}-{options.Release}";
            var deb = apt.Download(package, apt.CandidateVersion(package));
            var result = ProcessRunner.Run("dpkg-deb", ["--extract", deb, staging], timeout: options.CommandTimeout, description: "dpkg-deb --extract");
            if (result.ExitCode != 0)
            {
                throw new HeaderSyncException($"cannot extract {deb}: {result.FirstErrorLine()}");
            }
        }

        var staged = new KernelTree(staging, options.Release);
        if (!File.Exists(staged.Image) || !Directory.Exists(staged.ModulesDir))
        {
            throw new HeaderSyncException($"the {options.Release} packages hold no {Path.GetRelativePath(staging, staged.Image)} or modules");
        }

        File.WriteAllText(Path.Combine(staging, CompleteStamp), options.Release + "\n");
        if (AtomicDirectory.Replace(staging, tree.Root) is { } previous)
        {
            HeaderCache.TryDelete(previous);
        }

        return tree;
    }
}
