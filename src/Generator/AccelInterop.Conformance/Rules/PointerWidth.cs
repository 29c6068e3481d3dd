namespace AccelInterop.Conformance.Rules;

/// <summary>sizeof(void *) (and of size_t, long) on a Linux target triple.</summary>
public static class PointerWidth
{
    public static int Of(string target) =>
        target.StartsWith("i386", StringComparison.Ordinal) || target.StartsWith("i686", StringComparison.Ordinal)
        || target.StartsWith("arm-", StringComparison.Ordinal) || target.StartsWith("armv7", StringComparison.Ordinal)
        || target.StartsWith("mips-", StringComparison.Ordinal) || target.StartsWith("mipsel-", StringComparison.Ordinal)
        || target.StartsWith("powerpc-", StringComparison.Ordinal) || target.StartsWith("riscv32", StringComparison.Ordinal)
        || target.Contains("gnux32", StringComparison.Ordinal)
            ? 4
            : 8;
}
