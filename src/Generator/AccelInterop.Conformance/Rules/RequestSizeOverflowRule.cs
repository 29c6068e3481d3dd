using System.Globalization;
using AccelInterop.Model;

namespace AccelInterop.Conformance.Rules;

/// <summary>
/// UAPI-R012: a request whose argument is bigger than the target's ioctl size field can say
/// (8 KiB and more on powerpc's 13 bits, 16 KiB elsewhere): the size spills into the direction bits,
/// so <c>_IOC_SIZE</c> and <c>_IOC_DIR</c> of the number the compiler computes are wrong there, and the
/// kernel's copy (<c>drivers/gpu/drm/drm_ioctl.c:drm_ioctl</c> sizes it with <c>_IOC_SIZE</c>) is too.
/// </summary>
public sealed class RequestSizeOverflowRule : IUapiRule
{
    public RuleDescriptor Descriptor => RuleCatalog.RequestSizeOverflow;

    public IEnumerable<CheckFinding> Check(RuleContext context)
    {
        foreach (var request in context.Model.Ioctls.Where(i => i.Argument != null))
        {
            var over = new List<(string Target, long Size, long Max)>();
            foreach (var t in context.TargetsOf(request))
            {
                if (Overflow(context.Model, request, t) is { } o)
                {
                    over.Add((t, o.Size, o.Max));
                }
            }
            if (over.Count == 0)
            {
                continue;
            }

            var what = string.Join(", ", over.GroupBy(o => (o.Size, o.Max))
                .Select(g => $"{g.Key.Size.ToString(CultureInfo.InvariantCulture)} bytes, at most {g.Key.Max.ToString(CultureInfo.InvariantCulture)} on {TargetList.Short(g.Select(o => o.Target))}"));
            yield return context.Finding(Descriptor, request.Name, null,
                $"{request.Name} takes an argument too big for the request's size field ({what}): its size runs into the direction bits",
                request.Location, over.Select(o => o.Target).ToList());
        }
    }

    /// <summary>The argument's size and the size field's largest value where the argument does not fit; else null.</summary>
    public static (long Size, long Max)? Overflow(UapiModel model, IoctlDecl request, string target)
    {
        if (request.Argument == null || model.AbiOf(target).Ioctl is not { } layout
            || CTypes.SizeOf(model, request.Argument, target) is not { } size)
        {
            return null;
        }

        var max = (1L << layout.SizeBits) - 1;
        return size > max ? (size, max) : null;
    }
}
