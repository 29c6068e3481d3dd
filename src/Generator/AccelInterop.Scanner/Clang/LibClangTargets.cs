using AccelInterop.Model.Targets;

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

    /// <summary>The minimum libclang major version for <paramref name="targetTriple"/>, from the target table.</summary>
    public static int MinimumVersionFor(string targetTriple)
    {
        ArgumentNullException.ThrowIfNull(targetTriple);
        return Math.Max(OldestSupportedVersion, LinuxTargets.Find(targetTriple)?.MinimumLibClang ?? OldestSupportedVersion);
    }
}
