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
            if (request.Argument == null)
            {
                if (SizeOfExpression(context, request) is { } f)
                {
                    yield return f;
                }

                continue;
            }
            var targets = new List<string>();
            string? why = null;
            foreach (var t in context.TargetsOf(request))
            {
                if (CTypes.ArchitectureDependence(context.Model, request.Argument, t) is not { } w)
                {
                    continue;
                }

                why ??= w;
                targets.Add(t);
            }
            if (targets.Count == 0)
            {
                continue;
            }

            var sizes = string.Join(", ", targets.GroupBy(request.Size.For)
                .Select(g => $"{g.Key.ToString(CultureInfo.InvariantCulture)} on {TargetList.Short(g)}"));
            yield return context.Finding(Descriptor, request.Name, null,
                $"{request.Name} encodes the size of {request.Argument} ({why}) in its size field ({sizes}); pass the argument's type, not sizeof() or a pointer",
                request.Location, targets);
        }
    }

    /// <summary>
    /// A request whose argument is no type (the scanner could not resolve one, e.g. <c>sizeof(struct foo)</c>
    /// written where the type belongs) and whose size field is the target's pointer width everywhere.
    /// </summary>
    private CheckFinding? SizeOfExpression(RuleContext context, Model.IoctlDecl request)
    {
        if (request.Direction == Model.IoctlDirection.None)
        {
            return null;
        }

        var targets = context.TargetsOf(request).ToList();
        if (targets.Count == 0 || !targets.All(t => request.Size.For(t) == context.Model.AbiOf(t).PointerSize))
        {
            return null;
        }

        var sizes = string.Join(", ", targets.GroupBy(request.Size.For)
            .Select(g => $"{g.Key.ToString(CultureInfo.InvariantCulture)} on {TargetList.Short(g)}"));
        return context.Finding(Descriptor, request.Name, null,
            $"{request.Name} names no argument type and its size field is sizeof(size_t) on every target ({sizes}): an expression such as sizeof(struct ...) was passed where the _IOW/_IOR/_IOWR macros expect the type itself",
            request.Location, targets);
    }
}
