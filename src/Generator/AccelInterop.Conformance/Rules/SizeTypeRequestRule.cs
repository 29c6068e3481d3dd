using System.Globalization;

namespace AccelInterop.Conformance.Rules;

/// <summary>
/// UAPI-R008: a request whose size field is the size of a <c>size_t</c>, <c>long</c> or pointer
/// (classically <c>_IOW(T, N, sizeof(struct foo))</c>: the macro takes a type and applies
/// <c>sizeof</c> itself, so the request encodes sizeof(size_t), which also differs between 32-bit
/// and 64-bit callers).
/// </summary>
public sealed class SizeTypeRequestRule : IUapiRule
{
    public RuleDescriptor Descriptor => RuleCatalog.SizeTypeRequest;

    public IEnumerable<CheckFinding> Check(RuleContext context)
    {
        foreach (var request in context.Model.Ioctls)
        {
            if (request.Argument == null) continue;
            var targets = new List<string>();
            string? why = null;
            foreach (var t in context.TargetsOf(request))
            {
                if (CTypes.ArchitectureDependence(context.Model, request.Argument, t) is not { } w) continue;
                why ??= w;
                targets.Add(t);
            }
            if (targets.Count == 0) continue;
            var sizes = string.Join(", ", targets.GroupBy(request.Size.For)
                .Select(g => $"{g.Key.ToString(CultureInfo.InvariantCulture)} on {string.Join(", ", g)}"));
            yield return context.Finding(Descriptor, request.Name, null,
                $"{request.Name} encodes the size of {request.Argument} ({why}) in its size field ({sizes}); pass the argument's type, not sizeof() or a pointer",
                request.Location, targets);
        }
    }
}
