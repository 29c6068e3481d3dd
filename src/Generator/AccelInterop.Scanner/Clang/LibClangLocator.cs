using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using AccelInterop.Model.Targets;

namespace AccelInterop.Scanner.Clang;

/// <summary>
/// Finds Debian's libclang and its resource directory, newest version first. Pure search logic:
/// it loads nothing (see <see cref="LibClang"/> for loading), so the order can be tested.
/// </summary>
/// <remarks>
/// Order: the file named by <c>ACCELINTEROP_LIBCLANG</c> wins; otherwise, for N = 22 down to 14,
/// <c>/usr/lib/llvm-N/lib/libclang-N.so.1</c>, <c>/usr/lib/llvm-N/lib/libclang.so.1</c>, then
/// <c>/usr/lib/&lt;multiarch&gt;/libclang-N.so.1</c>. A libclang without its resource headers
/// (package libclang-common-N-dev) is passed over for an older complete one; when none is
/// complete, the error names the package that completes the newest.
/// </remarks>
public static partial class LibClangLocator
{
    /// <summary>Names a libclang shared library to use instead of searching.</summary>
    public const string EnvironmentVariable = "ACCELINTEROP_LIBCLANG";

    /// <summary>The version suggested in install hints: Debian bookworm (backports) and trixie ship it.</summary>
    public const int RecommendedVersion = 19;

    /// <summary>Searched newest first.</summary>
    internal static readonly IReadOnlyList<int> SearchedVersions = [22, 21, 20, 19, 18, 17, 16, 15, 14];

    /// <summary>Searches this machine, honouring <see cref="EnvironmentVariable"/>.</summary>
    /// <exception cref="LibClangNotFoundException">No usable libclang.</exception>
    public static LibClangInstallation Locate() =>
        Locate(
            RealLibClangFileSystem.Instance,
            Environment.GetEnvironmentVariable(EnvironmentVariable),
            RuntimeInformation.ProcessArchitecture);

    /// <summary>The search itself, over any file system (tests pass a fake one).</summary>
    internal static LibClangInstallation Locate(ILibClangFileSystem fileSystem, string? overridePath, Architecture architecture)
    {
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            return LocateOverride(fileSystem, overridePath);
        }

        string? multiarch = MultiarchTuple(architecture);
        (string Path, int Version)? newestIncomplete = null;
        foreach (int version in SearchedVersions)
        {
            string? library = LibraryCandidates(version, multiarch).FirstOrDefault(fileSystem.FileExists);
            if (library is null)
            {
                continue;
            }

            string? resourceDir = FindResourceDir(fileSystem, version, library);
            if (resourceDir is not null)
            {
                return new LibClangInstallation(library, version, resourceDir);
            }

            newestIncomplete ??= (library, version);
        }

        if (newestIncomplete is { } incomplete)
        {
            throw MissingResourceDir(incomplete.Path, incomplete.Version);
        }

        string searched = multiarch is null ? "/usr/lib/llvm-N/lib" : $"/usr/lib/llvm-N/lib and /usr/lib/{multiarch}";
        throw new LibClangNotFoundException(
            $"libclang not found (looked for versions {SearchedVersions[0]} to {SearchedVersions[^1]} in {searched}): " +
            $"install Debian's clang-{RecommendedVersion} (apt-get install clang-{RecommendedVersion} libclang1-{RecommendedVersion})");
    }

    /// <summary>Debian's multiarch tuple for a process architecture (from the target table), or null outside it.</summary>
    internal static string? MultiarchTuple(Architecture architecture) => LinuxTargets.ForArchitecture(architecture)?.MultiarchDir;

    private static IEnumerable<string> LibraryCandidates(int version, string? multiarch)
    {
        yield return $"/usr/lib/llvm-{version}/lib/libclang-{version}.so.1";
        yield return $"/usr/lib/llvm-{version}/lib/libclang.so.1";
        if (multiarch is not null)
        {
            yield return $"/usr/lib/{multiarch}/libclang-{version}.so.1";
        }
    }

    private static LibClangInstallation LocateOverride(ILibClangFileSystem fileSystem, string path)
    {
        if (!fileSystem.FileExists(path))
        {
            throw new LibClangNotFoundException($"{EnvironmentVariable}={path}: no such file");
        }

        int version = VersionFromPath(path)
            ?? (fileSystem.ResolveLinkTarget(path) is { } target ? VersionFromPath(target) : null)
            ?? throw new LibClangNotFoundException(
                $"{EnvironmentVariable}={path}: cannot tell its LLVM version; name a libclang-N.so.* file or one under /usr/lib/llvm-N/");

        if (version < LibClangTargets.OldestSupportedVersion)
        {
            throw new LibClangNotFoundException(
                $"{EnvironmentVariable}={path} is libclang {version}, older than {LibClangTargets.OldestSupportedVersion}: " +
                $"install Debian's clang-{RecommendedVersion} (apt-get install clang-{RecommendedVersion} libclang1-{RecommendedVersion})");
        }

        string resourceDir = FindResourceDir(fileSystem, version, path) ?? throw MissingResourceDir(path, version);
        return new LibClangInstallation(path, version, resourceDir);
    }

    /// <summary>The LLVM major version a library path names (libclang-N.so.*, .../llvm-N/..., libclang.so.N.x), or null.</summary>
    internal static int? VersionFromPath(string path)
    {
        string fileName = Path.GetFileName(path);
        Match match = VersionedFileName().Match(fileName);
        if (!match.Success)
        {
            match = LlvmDirectory().Match(path);
        }

        if (!match.Success)
        {
            match = UpstreamSoname().Match(fileName);
        }

        return match.Success && int.TryParse(match.Groups[1].ValueSpan, out int version) ? version : null;
    }

    /// <summary>
    /// The clang resource directory for <paramref name="version"/>: a directory named N or N.x.y
    /// holding include/stddef.h, under /usr/lib/llvm-N/lib/clang, beside the library, or under
    /// /usr/lib/clang (Debian's compatibility links).
    /// </summary>
    private static string? FindResourceDir(ILibClangFileSystem fileSystem, int version, string libraryPath)
    {
        string libraryDir = Path.GetDirectoryName(libraryPath) ?? "/";
        string[] parents = [$"/usr/lib/llvm-{version}/lib/clang", Path.Combine(libraryDir, "clang"), "/usr/lib/clang"];
        foreach (string parent in parents.Distinct(StringComparer.Ordinal))
        {
            string exact = Path.Combine(parent, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            IEnumerable<string> dotted = fileSystem.GetDirectories(parent)
                .Where(dir => Path.GetFileName(dir).StartsWith($"{version}.", StringComparison.Ordinal))
                .OrderByDescending(dir => System.Version.TryParse(Path.GetFileName(dir), out Version? v) ? v : new Version(0, 0));
            string? found = dotted.Prepend(exact).FirstOrDefault(dir => fileSystem.FileExists(Path.Combine(dir, "include", "stddef.h")));
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    private static LibClangNotFoundException MissingResourceDir(string libraryPath, int version) =>
        new($"libclang {version} found at {libraryPath} but not its resource headers (include/stddef.h): " +
            $"install Debian's libclang-common-{version}-dev (apt-get install libclang-common-{version}-dev)");

    [GeneratedRegex(@"^libclang-(\d+)(?:\.|$)")]
    private static partial Regex VersionedFileName();

    [GeneratedRegex(@"(?:^|/)llvm-(\d+)(?:/|$)")]
    private static partial Regex LlvmDirectory();

    [GeneratedRegex(@"^libclang\.so\.(\d{2,})(?:\.|$)")]
    private static partial Regex UpstreamSoname();
}
