using AccelInterop.Headers;
using AccelInterop.Testing.CTruth;

namespace AccelInterop.Fuzz.Tests.Running;

/// <summary>What a fuzz run needs from the machine: the synced uAPI headers and the two compilers.</summary>
public static class FuzzEnvironment
{
    private static readonly Lazy<HeaderCache> HeadersLazy = new(() =>
        HeaderSync.EnsureCached(new HeaderSyncOptions { RepoRoot = HeaderCache.Locate(AppContext.BaseDirectory).RepoRoot }).Cache);

    public static HeaderCache Headers => HeadersLazy.Value;

    public static void SkipUnlessAvailable() => Skip.IfNot(CCompilers.Available, CCompilers.Unavailable);
}
