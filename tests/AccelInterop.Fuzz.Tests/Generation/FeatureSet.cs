namespace AccelInterop.Fuzz.Tests.Generation;

/// <summary>Which <see cref="Feature"/>s a run uses; written as <c>all</c>, <c>all,-PragmaPack,-HugeMacro</c> or <c>Bitfields,Enums</c>.</summary>
public sealed class FeatureSet
{
    private readonly HashSet<Feature> _on;

    public FeatureSet(IEnumerable<Feature> on) => _on = [.. on];

    public static FeatureSet All => new(Enum.GetValues<Feature>());

    public bool Has(Feature f) => _on.Contains(f);

    public IReadOnlyCollection<Feature> Enabled => _on.Order().ToList();

    public FeatureSet Without(IEnumerable<Feature> off) => new(_on.Except(off));

    public static FeatureSet Parse(string text)
    {
        var on = new HashSet<Feature>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == "all")
            {
                on.UnionWith(Enum.GetValues<Feature>());
            }
            else if (part.StartsWith('-'))
            {
                on.Remove(ParseOne(part[1..]));
            }
            else
            {
                on.Add(ParseOne(part));
            }
        }
        return new FeatureSet(on);
    }

    private static Feature ParseOne(string name) =>
        Enum.TryParse<Feature>(name, ignoreCase: true, out var f) ? f
            : throw new ArgumentException($"unknown fuzz feature '{name}' (features: {string.Join(", ", Enum.GetNames<Feature>())})");

    public override string ToString()
    {
        var off = Enum.GetValues<Feature>().Where(f => !_on.Contains(f)).ToList();
        if (off.Count == 0)
        {
            return "all";
        }

        return off.Count < _on.Count ? "all," + string.Join(",", off.Select(f => "-" + f)) : string.Join(",", Enabled);
    }
}
