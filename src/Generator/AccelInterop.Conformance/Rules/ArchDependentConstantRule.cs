using System.Numerics;
using AccelInterop.Model;

namespace AccelInterop.Conformance.Rules;

/// <summary>
/// UAPI-R009: an integer constant whose value is not the same on every target (<c>~0UL</c>,
/// <c>sizeof(long)</c>). A difference that follows only the ioctl encoding (powerpc puts the
/// direction and size bits elsewhere) is the encoding's, not the constant's, and is not reported.
/// </summary>
public sealed class ArchDependentConstantRule : IUapiRule
{
    public RuleDescriptor Descriptor => RuleCatalog.ArchDependentConstant;

    public IEnumerable<CheckFinding> Check(RuleContext context)
    {
        foreach (var constant in context.Model.Constants)
        {
            var targets = context.TargetsOf(constant).ToList();
            var values = targets.GroupBy(constant.Value.For).ToList();
            if (values.Count < 2)
            {
                continue;
            }

            var byEncoding = targets.GroupBy(t => context.Model.AbiOf(t).Ioctl);
            if (byEncoding.All(g => g.Select(constant.Value.For).Distinct().Count() == 1))
            {
                continue;
            }

            var spelled = string.Join(" vs ", values.Select(g => $"{Hex(g.Key)} on {TargetList.Short(g)}"));
            yield return context.Finding(Descriptor, constant.Name, null,
                $"{constant.Name} (type {constant.CType}) has a value that depends on the architecture: {spelled}; use a fixed-width expression (e.g. ~0ULL)",
                constant.Location, targets);
        }
    }

    private static string Hex(BigInteger v) => v < 0 ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0x" + v.ToString("x", System.Globalization.CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0');
}
