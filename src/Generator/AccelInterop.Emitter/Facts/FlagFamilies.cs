using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AccelInterop.Model;

namespace AccelInterop.Emitter.Facts
{
    /// <summary>A family of single-bit constants sharing a name prefix, bound as a <c>[Flags]</c> enum.</summary>
    internal sealed class FlagFamily
    {
        public FlagFamily(string prefix, IReadOnlyList<ConstantDecl> members)
        {
            Prefix = prefix;
            Members = members;
        }

        /// <summary>The shared prefix without its trailing '_', which is also the enum's name.</summary>
        public string Prefix { get; }
        public IReadOnlyList<ConstantDecl> Members { get; }
    }

    /// <summary>
    /// Finds flag families: constants whose names share everything up to the last '_' and
    /// whose values are distinct single bits, the same on every target (at least two of them).
    /// A member takes a family when the family prefix is the record's name followed by the
    /// member's name (singular or plural: DRM_XE_GEM_CREATE_FLAG_* for drm_xe_gem_create.flags).
    /// </summary>
    internal static class FlagFamilies
    {
        public static IReadOnlyList<FlagFamily> Find(UapiModel model)
        {
            var groups = new SortedDictionary<string, List<ConstantDecl>>(StringComparer.Ordinal);
            foreach (var c in model.Constants)
            {
                var cut = c.Name.LastIndexOf('_');
                if (cut <= 0 || !c.Value.IsUniform || !IsSingleBit(c.Value.Value)) continue;
                var prefix = c.Name.Substring(0, cut);
                if (!groups.TryGetValue(prefix, out var list)) groups[prefix] = list = new List<ConstantDecl>();
                list.Add(c);
            }
            var families = new List<FlagFamily>();
            foreach (var kv in groups)
            {
                var values = kv.Value.Select(c => c.Value.Value).ToList();
                if (kv.Value.Count >= 2 && values.Distinct().Count() == values.Count && values.All(v => v <= ulong.MaxValue))
                    families.Add(new FlagFamily(kv.Key, kv.Value));
            }
            return families;
        }

        private static bool IsSingleBit(BigInteger v) => v > 0 && (v & (v - 1)) == 0;

        /// <summary>The family a record member takes, if any.</summary>
        public static FlagFamily? ForMember(IReadOnlyList<FlagFamily> families, string recordId, string member)
        {
            var record = recordId.ToUpperInvariant();
            var m = member.ToUpperInvariant();
            var singular = m.EndsWith("S", StringComparison.Ordinal) ? m.Substring(0, m.Length - 1) : m;
            foreach (var f in families)
            {
                if (!f.Prefix.StartsWith(record, StringComparison.Ordinal)) continue;
                var rest = f.Prefix.Substring(record.Length).TrimStart('_');
                if (rest == m || rest == singular || (rest.Length == 0 && m == "FLAGS")) return f;
            }
            return null;
        }
    }
}
