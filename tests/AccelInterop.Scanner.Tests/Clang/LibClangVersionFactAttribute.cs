using System.Runtime.InteropServices;
using AccelInterop.Scanner.Clang;
using Xunit;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>
/// A fact about one Debian libclang version, skipped (visibly) when that version is not installed
/// at its multiarch path, /usr/lib/&lt;multiarch&gt;/libclang-N.so.1.
/// </summary>
public sealed class LibClangVersionFactAttribute : FactAttribute
{
    public LibClangVersionFactAttribute(int version)
    {
        string? path = PathOf(version);
        if (path is null || !File.Exists(path))
        {
            Skip = $"libclang {version} is not installed (apt-get install libclang1-{version} libclang-common-{version}-dev)";
        }
    }

    public static string? PathOf(int version) =>
        LibClangLocator.MultiarchTuple(RuntimeInformation.ProcessArchitecture) is { } multiarch
            ? $"/usr/lib/{multiarch}/libclang-{version}.so.1"
            : null;
}
