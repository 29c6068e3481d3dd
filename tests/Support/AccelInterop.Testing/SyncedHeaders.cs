using AccelInterop.Headers;

namespace AccelInterop.Testing;

/// <summary>The checkout's upstream uAPI headers, synced (<c>accelgen headers sync</c>) on first use if they are missing.</summary>
public static class SyncedHeaders
{
    private static readonly Lazy<HeaderCache> CacheLazy = new(() =>
        HeaderSync.EnsureCached(new HeaderSyncOptions { RepoRoot = Checkout.Root }).Cache);

    public static HeaderCache Cache => CacheLazy.Value;
}
