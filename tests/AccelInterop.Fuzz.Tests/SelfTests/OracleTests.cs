using System.Numerics;
using AccelInterop.Fuzz.Tests.Generation;
using AccelInterop.Fuzz.Tests.Running;
using AccelInterop.Headers;
using AccelInterop.Testing.CTruth;

namespace AccelInterop.Fuzz.Tests.SelfTests;

/// <summary>The oracles: generated headers compile everywhere, gcc and clang agree, and stored values read back exactly.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class OracleTests
{
    private static readonly string[] AllTargets = [.. LinuxTargets.All.Select(t => t.Triple)];

    [SkippableFact]
    public void A_header_with_every_feature_compiles_on_all_targets_and_gcc_agrees_with_clang()
    {
        FuzzEnvironment.SkipUnlessAvailable();
        var header = HeaderGenerator.Generate(3, FeatureSet.All, 30);
        using var c = HeaderCase.Create(header, AllTargets, FuzzEnvironment.Headers, withGcc: true);
        Assert.Empty(c.OracleDisagreements);
        foreach (var t in AllTargets)
        {
            Assert.True(c.Truth[t].Records.Count >= 30, t);
            Assert.Contains(c.Truth[t].Records.Values, r => r.Bitfields.Count > 0);
        }
        // Target-dependent members really differ: some record's layout is not the same on i386 as on x86_64.
        Assert.Contains(c.Truth[LinuxTargets.X86_64.Triple].Records, kv => c.Truth[LinuxTargets.I386.Triple].Records.TryGetValue(kv.Key, out var r)
            && (r.Size != kv.Value.Size || !r.Fields.SequenceEqual(kv.Value.Fields)));
    }

    [SkippableFact]
    public void Values_read_back_from_IR_and_assembly_as_the_source_wrote_them()
    {
        FuzzEnvironment.SkipUnlessAvailable();
        var dir = Directory.CreateTempSubdirectory("accelinterop-oracle-").FullName;
        try
        {
            // The expected values are the literals themselves.
            var values = new Dictionary<string, BigInteger>
            {
                ["K_ONE"] = 1,
                ["K_MAX"] = ulong.MaxValue,
                ["K_NEG"] = -5,
                ["K_BIG"] = long.MinValue,
                ["K_E"] = 300,
            };
            File.WriteAllText(Path.Combine(dir, "k.h"), """
                #define K_ONE 1
                #define K_MAX 0xffffffffffffffffULL
                #define K_NEG (-5)
                #define K_BIG (-9223372036854775807LL - 1)
                #define K_NOT "text"
                enum k { K_E = 300 };
                struct k_s { int a; };
                union k_u { char a; char b; char c; char d; char e; char f; char g; char h; char i; char j; char k; char l; };
                """);
            // k_u's offsets are a run of zeros, which clang writes in a packed form of the IR array.
            var input = new ProbeInput(dir, "k.h", [new ProbeRecord("k_u", "union k_u"), new ProbeRecord("k_s", "struct k_s")], [.. values.Keys, "K_NOT"])
            {
                IncludeDirsFor = t => FuzzEnvironment.Headers.IncludeDirsFor(LinuxTargets.Parse(t)),
            };
            foreach (var t in AllTargets)
            {
                var clang = ClangTruth.Measure(input, t);
                Assert.Equal(values.OrderBy(v => v.Key), clang.Constants.OrderBy(v => v.Key));
                Assert.All(clang.Records["k_u"].Fields.Values, offset => Assert.Equal(0, offset));
                if (!GccTruth.Measures(t))
                {
                    continue;
                }

                var gcc = GccTruth.Measure(input, t, clang);
                Assert.Equal(values.OrderBy(v => v.Key), gcc.Constants.OrderBy(v => v.Key));
                Assert.Empty(FactsDiff.Compare(clang, gcc, _ => true));
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
