using AccelInterop.Fuzz.Tests.Generation;

namespace AccelInterop.Fuzz.Tests.SelfTests;

/// <summary>The header generator: deterministic per seed, and each feature flag really switches its construct on and off.</summary>
public sealed class GeneratorTests
{
    private static readonly int[] Seeds = [1, 2, 3, 4, 5, 6, 7, 8];

    [Fact]
    public void The_same_seed_writes_the_same_header_and_another_seed_another()
    {
        var a = HeaderWriter.Write(HeaderGenerator.Generate(7, FeatureSet.All, 30));
        Assert.Equal(a, HeaderWriter.Write(HeaderGenerator.Generate(7, FeatureSet.All, 30)));
        Assert.NotEqual(a, HeaderWriter.Write(HeaderGenerator.Generate(8, FeatureSet.All, 30)));
    }

    /// <summary>Constructs another feature also writes: packed bitfields live in packed records, deep nesting is nesting.</summary>
    private static readonly Dictionary<Feature, Feature[]> AlsoWrittenBy = new()
    {
        [Feature.PackedRecords] = [Feature.PackedBitfields, Feature.StraddlingBitfields],
        [Feature.PackedBitfields] = [Feature.StraddlingBitfields],
        [Feature.NestedRecords] = [Feature.DeepNesting],
    };

    [Theory]
    [MemberData(nameof(AllFeatures))]
    public void A_feature_appears_when_on_and_never_when_off(Feature feature)
    {
        // One-in-eight constructs (HugeMacro) need more seeds than the rest.
        var used = new SortedSet<Feature>();
        for (var seed = 1; seed <= 40 && !used.Contains(feature); seed++)
        {
            used.UnionWith(HeaderFeatures.Of(HeaderGenerator.Generate(seed, FeatureSet.All, 40)));
        }

        Assert.Contains(feature, used);
        var without = FeatureSet.All.Without([feature, .. AlsoWrittenBy.GetValueOrDefault(feature, [])]);
        foreach (var seed in Seeds)
        {
            Assert.DoesNotContain(feature, HeaderFeatures.Of(HeaderGenerator.Generate(seed, without, 40)));
        }
    }

    public static TheoryData<Feature> AllFeatures() => new(Enum.GetValues<Feature>());

    [Fact]
    public void Feature_lists_read_back_as_written()
    {
        var set = FeatureSet.Parse("all,-HugeMacro,-PragmaPack");
        Assert.False(set.Has(Feature.HugeMacro));
        Assert.True(set.Has(Feature.Bitfields));
        Assert.Equal(set.Enabled, FeatureSet.Parse(set.ToString()).Enabled);
        Assert.Equal([Feature.Bitfields, Feature.Enums], FeatureSet.Parse("Bitfields, enums").Enabled);
        Assert.Throws<ArgumentException>(() => FeatureSet.Parse("all,-Nope"));
    }
}
