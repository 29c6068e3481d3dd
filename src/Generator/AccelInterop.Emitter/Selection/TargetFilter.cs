using System;
using System.Collections.Generic;
using System.Linq;
using AccelInterop.Model;
using AccelInterop.Model.Targets;

namespace AccelInterop.Emitter.Selection;

/// <summary>
/// Keeps some of a model's targets (triples, or an alias from the target table: <c>x86_64</c>,
/// <c>arm64</c>). The bindings then carry numbers and layouts for those architectures only;
/// on the others a request throws PlatformNotSupportedException, as for any target a model lacks.
/// </summary>
public static class TargetFilter
{
    /// <summary>The model's triples named by <paramref name="wanted"/>, in model order; names that match none go to <paramref name="unknown"/>.</summary>
    public static IReadOnlyList<string> Resolve(UapiModel model, IEnumerable<string> wanted, out IReadOnlyList<string> unknown)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var w in wanted.Select(x => x.Trim()).Where(x => x.Length > 0))
        {
            var triple = LinuxTargets.Find(w)?.Triple ?? w;
            var hits = w == "all" ? model.Targets.ToList() : model.Targets.Where(t => t == triple).ToList();
            if (hits.Count == 0)
            {
                missing.Add(w);
            }

            keep.UnionWith(hits);
        }
        unknown = missing;
        return model.Targets.Where(keep.Contains).ToList();
    }

    public static UapiModel Restrict(UapiModel m, IReadOnlyList<string> targets) =>
        targets.Count == m.Targets.Count ? m : m.With(targets: targets);
}
