namespace AccelInterop.Headers;

/// <summary>Which Debian kernel <see cref="KernelPackages.Fetch"/> takes, and from where.</summary>
public sealed record KernelPackageOptions
{
    /// <summary>The kernel release as Debian names its packages (<c>linux-binary-&lt;release&gt;</c>).</summary>
    public required string Release { get; init; }

    /// <summary>Repository root; null means walk up from the current directory to <c>AccelInterop.sln</c>.</summary>
    public string? RepoRoot { get; init; }

    /// <inheritdoc cref="HeaderSyncOptions.Suite"/>
    public string Suite { get; init; } = "sid";

    /// <summary>The Debian architecture of the packages (the index fetched is that architecture's only).</summary>
    public string Architecture { get; init; } = "amd64";

    /// <inheritdoc cref="HeaderSyncOptions.DebianUri"/>
    public string? DebianUri { get; init; }

    /// <inheritdoc cref="HeaderSyncOptions.EtcAptDir"/>
    public string EtcAptDir { get; init; } = "/etc/apt";

    /// <inheritdoc cref="HeaderSyncOptions.Keyring"/>
    public string Keyring { get; init; } = "/usr/share/keyrings/debian-archive-keyring.gpg";

    /// <summary>Limit for each external command (apt-get, dpkg-deb); the modules package is about 110 MB.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
