using System.Globalization;

namespace AccelInterop.Conformance.Rules;

/// <summary>
/// UAPI-R011: two requests with the same ioctl type and number but different request values (so
/// different direction or size) on one target. Two names for the same value are aliases and fine.
/// </summary>
public sealed class DuplicateRequestNumberRule : IUapiRule
{
    public RuleDescriptor Descriptor => RuleCatalog.DuplicateRequestNumber;

    public IEnumerable<CheckFinding> Check(RuleContext context)
    {
        var clashes = new Dictionary<(string First, string Second), List<string>>();
        foreach (var t in context.Targets)
        {
            var requests = context.Model.Ioctls.Where(i => i.ExistsOn(t))
                .OrderBy(i => i.Location.File, StringComparer.Ordinal).ThenBy(i => i.Location.Line).ThenBy(i => i.Name, StringComparer.Ordinal);
            foreach (var group in requests.GroupBy(i => (i.Type.For(t), i.Number.For(t))))
            {
                var list = group.ToList();
                for (var b = 1; b < list.Count; b++)
                {
                    var a = list.Take(b).FirstOrDefault(x => x.Request.For(t) != list[b].Request.For(t));
                    if (a == null)
                    {
                        continue;
                    }

                    var key = (a.Name, list[b].Name);
                    if (!clashes.TryGetValue(key, out var targets))
                    {
                        clashes[key] = targets = [];
                    }

                    targets.Add(t);
                }
            }
        }
        foreach (var ((first, second), targets) in clashes)
        {
            var a = context.Model.Ioctls.First(i => i.Name == first);
            var b = context.Model.Ioctls.First(i => i.Name == second);
            var t0 = targets[0];
            yield return context.Finding(Descriptor, second, null,
                $"{second} uses ioctl type 0x{b.Type.For(t0).ToString("x", CultureInfo.InvariantCulture)} number 0x{b.Number.For(t0).ToString("x", CultureInfo.InvariantCulture)}, already used by {first} ({a.Location}) with another direction or size",
                b.Location, targets);
        }
    }
}
