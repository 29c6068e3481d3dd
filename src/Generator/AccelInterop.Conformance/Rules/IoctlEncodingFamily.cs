namespace AccelInterop.Conformance.Rules;

/// <summary>
/// Which <c>_IOC</c> bit layout a target uses: the generic one (asm-generic/ioctl.h, 14 size bits)
/// or the one powerpc, mips, sparc and alpha define (13 size bits, 3 direction bits).
/// </summary>
public static class IoctlEncodingFamily
{
    public static string Of(string target) =>
        target.StartsWith("powerpc", StringComparison.Ordinal) || target.StartsWith("ppc", StringComparison.Ordinal)
        || target.StartsWith("mips", StringComparison.Ordinal) || target.StartsWith("sparc", StringComparison.Ordinal)
        || target.StartsWith("alpha", StringComparison.Ordinal)
            ? "alternate"
            : "generic";
}
