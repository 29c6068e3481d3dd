namespace AccelInterop.Scanner.Clang;

/// <summary>
/// Which libclang version a target triple needs. clang only knows the targets its version was
/// built with; an older one fails the parse with "unknown target triple", which says nothing
/// about the fix.
/// </summary>
public static class LibClangTargets
{
    /// <summary>The oldest libclang this binding supports at all.</summary>
    public const int OldestSupportedVersion = 14;

    /// <summary>
    /// The minimum libclang major version for <paramref name="targetTriple"/>: LoongArch landed
    /// in clang 16; every other Linux architecture .NET runs on is in 14.
    /// </summary>
    public static int MinimumVersionFor(string targetTriple)
    {
        ArgumentNullException.ThrowIfNull(targetTriple);
        string arch = targetTriple.Split('-', 2)[0];
        return arch.StartsWith("loongarch", StringComparison.OrdinalIgnoreCase) ? 16 : OldestSupportedVersion;
    }
}
