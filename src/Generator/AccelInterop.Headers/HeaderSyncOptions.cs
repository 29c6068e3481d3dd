using AccelInterop.Model.Targets;

namespace AccelInterop.Headers;

/// <summary>Settings of one header sync; the defaults are what <c>accelgen headers sync</c> uses.</summary>
public sealed record HeaderSyncOptions
{
    /// <summary>The uAPIs the project ships bindings for (the four drivers' and the dma-buf exporters'); the manifest holds them plus everything they include.</summary>
    public static IReadOnlyList<string> DefaultRootHeaders { get; } =
        ["drm/amdxdna_accel.h", "drm/drm.h", "drm/vgem_drm.h", "drm/xe_drm.h", "linux/dma-buf.h", "linux/dma-heap.h", "linux/iommufd.h", "linux/udmabuf.h", "linux/vfio.h"];

    /// <summary>Repository root; null means walk up from the current directory to <c>AccelInterop.sln</c>.</summary>
    public string? RepoRoot { get; init; }

    /// <summary>Never touch the network: use the cache if it matches the manifest, else fail.</summary>
    public bool Offline { get; init; }

    /// <summary>
    /// Move the committed manifest to the version the archive serves (and to the current root headers).
    /// Without it a sync never writes <c>headers/manifest.json</c> once it exists: when the pinned version
    /// is no longer served, only the git-ignored cache takes the served one (<see cref="HeaderSyncOutcome.Drifted"/>).
    /// </summary>
    public bool UpdateManifest { get; init; }

    /// <summary>Debian archive URI; null means the one the system's apt sources use.</summary>
    public string? DebianUri { get; init; }

    /// <summary>Where the system's apt sources are read from (only read, never written).</summary>
    public string EtcAptDir { get; init; } = "/etc/apt";

    /// <summary>Keyring apt verifies the archive's InRelease signature with.</summary>
    public string Keyring { get; init; } = "/usr/share/keyrings/debian-archive-keyring.gpg";

    /// <summary>Package and suite used when there is no manifest yet; otherwise the manifest's own are used.</summary>
    public string Package { get; init; } = "linux-libc-dev";

    /// <inheritdoc cref="Package"/>
    public string Suite { get; init; } = "sid";

    /// <summary>Headers whose include closure the manifest records when it is (re)written.</summary>
    public IReadOnlyList<string> RootHeaders { get; init; } = DefaultRootHeaders;

    /// <summary>Targets the include closure is computed on (their asm headers differ).</summary>
    public IReadOnlyList<LinuxTarget> Targets { get; init; } = LinuxTargets.All;

    /// <summary>clang used to compute the include closure (only needed when the manifest is rewritten).</summary>
    public string Clang { get; init; } = "clang-19";

    /// <summary>Limit for each external command (apt-get, dpkg-deb, clang).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>apt's <c>Acquire::Retries</c>; null keeps apt's default (each retry backs off, so unreachable hosts take seconds).</summary>
    public int? NetworkRetries { get; init; }
}
