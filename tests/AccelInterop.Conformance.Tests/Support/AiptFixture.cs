using System.Collections.Concurrent;
using System.Numerics;
using AccelInterop.Conformance.Layout;
using AccelInterop.Model;

namespace AccelInterop.Conformance.Tests.Support;

/// <summary>The test header on disk and the compiler's truth about it per target (computed once per target).</summary>
public sealed class AiptFixture : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Dictionary<string, BigInteger>>> _truth = new();

    internal TempHeader Header { get; } = AiptUapi.WriteHeader();

    /// <summary>A fresh copy of the compiler's values for <paramref name="target"/> (safe to perturb).</summary>
    internal Dictionary<string, BigInteger> Truth(string target) =>
        new(_truth.GetOrAdd(target, t => new Lazy<Dictionary<string, BigInteger>>(() => AiptUapi.Truth(t, Header))).Value);

    internal UapiModel Model(string target, Action<Dictionary<string, BigInteger>>? perturb = null)
    {
        var truth = Truth(target);
        perturb?.Invoke(truth);
        return AiptUapi.Build(Header, new Dictionary<string, Dictionary<string, BigInteger>> { [target] = truth });
    }

    internal LayoutProbeOptions Options(bool forceClang = false) => new()
    {
        IncludeRoots = [UapiHeaders.IncludeRoot],
        IncludeDirs = [Header.Directory],
        ForceClang = forceClang,
    };

    public void Dispose() => Header.Dispose();
}
