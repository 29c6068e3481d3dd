using AccelInterop.Headers;
using AccelInterop.Testing.CTruth;

namespace AccelInterop.Fuzz.Tests.Running;

/// <summary>What a fuzz run needs from the machine: the synced uAPI headers and the two compilers.</summary>
public static class FuzzEnvironment
{
    public static HeaderCache Headers => SyncedHeaders.Cache;

    public static void SkipUnlessAvailable() => Skip.IfNot(CCompilers.Available, CCompilers.Unavailable);
}
