using System.Diagnostics.CodeAnalysis;

namespace AccelInterop.Scanner.Clang;

/// <summary>
/// A libclang that was found on this machine: the shared library to load, its LLVM major
/// version, and the clang resource directory (builtin headers such as stddef.h) to pass as
/// <c>-resource-dir</c>. Passing it explicitly matters because libclang derives its resource
/// directory from the path it was loaded from, and the multiarch path
/// (<c>/usr/lib/x86_64-linux-gnu/</c>) is not where Debian puts the headers.
/// </summary>
public sealed record LibClangInstallation(string Path, int MajorVersion, string ResourceDir)
{
    /// <summary>
    /// Whether this libclang can parse for <paramref name="targetTriple"/>; when not,
    /// <paramref name="reason"/> is a one-line message that names what to install.
    /// </summary>
    public bool SupportsTarget(string targetTriple, [NotNullWhen(false)] out string? reason)
    {
        int minimum = LibClangTargets.MinimumVersionFor(targetTriple);
        if (MajorVersion >= minimum)
        {
            reason = null;
            return true;
        }

        reason = $"target {targetTriple} needs libclang >= {minimum}, but the libclang found is {MajorVersion} ({Path}): " +
                 $"install Debian's clang-{LibClangLocator.RecommendedVersion} (apt-get install clang-{LibClangLocator.RecommendedVersion} libclang1-{LibClangLocator.RecommendedVersion})";
        return false;
    }
}
