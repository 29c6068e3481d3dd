using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using AccelInterop.Scanner.Clang.Native;

namespace AccelInterop.Scanner.Clang;

/// <summary>
/// Loads the libclang that <see cref="LibClangLocator"/> finds, once per process, and routes
/// every <c>[LibraryImport("libclang")]</c> of this assembly to it. .NET allows one DllImport
/// resolver per assembly and a native library cannot be unloaded safely, so the choice is made
/// once: set <c>ACCELINTEROP_LIBCLANG</c> before the first use to pick another libclang.
/// </summary>
public static partial class LibClang
{
    private static readonly Lock Gate = new();
    private static LibClangInstallation? s_installation;
    private static nint s_library;
    private static bool s_resolverRegistered;

    /// <summary>
    /// Locates and loads libclang if not done yet, and returns what was loaded. Thread-safe.
    /// Every wrapper calls this before its first native call; a failed search is not cached, so
    /// a later call searches again.
    /// </summary>
    /// <exception cref="LibClangNotFoundException">No usable libclang; the message names what to install.</exception>
    public static LibClangInstallation EnsureLoaded()
    {
        LibClangInstallation? loaded = Volatile.Read(ref s_installation);
        if (loaded is not null)
        {
            return loaded;
        }

        lock (Gate)
        {
            if (s_installation is not null)
            {
                return s_installation;
            }

            LibClangInstallation located = LibClangLocator.Locate();
            s_library = Load(located);
            if (!s_resolverRegistered)
            {
                // The only DllImport resolver of this assembly: add any other native library name here.
                NativeLibrary.SetDllImportResolver(typeof(LibClang).Assembly, Resolve);
                s_resolverRegistered = true;
            }

            CheckVersion(located, CXStringMarshal.Take(NativeMethods.clang_getClangVersion()));
            Volatile.Write(ref s_installation, located);
            return located;
        }
    }

    /// <summary>libclang's own version text, e.g. "Debian clang version 19.1.7 (3~deb12u1)".</summary>
    public static string VersionText
    {
        get
        {
            EnsureLoaded();
            return CXStringMarshal.Take(NativeMethods.clang_getClangVersion());
        }
    }

    private static nint Load(LibClangInstallation located)
    {
        try
        {
            return NativeLibrary.Load(located.Path);
        }
        catch (DllNotFoundException ex)
        {
            string detail = ex.Message.Split('\n', 2)[0].Trim();
            throw new LibClangNotFoundException(
                $"libclang {located.MajorVersion} at {located.Path} could not be loaded ({detail}): " +
                $"reinstall Debian's libclang1-{located.MajorVersion} (apt-get install --reinstall libclang1-{located.MajorVersion})");
        }
    }

    /// <summary>
    /// The version the locator inferred from the path decides the resource directory and how
    /// cursor kinds are read, so it must be the library's real one.
    /// </summary>
    private static void CheckVersion(LibClangInstallation located, string versionText)
    {
        Match match = ClangVersion().Match(versionText);
        if (match.Success && int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) != located.MajorVersion)
        {
            throw new LibClangNotFoundException(
                $"{located.Path} reports \"{versionText}\" but was taken for libclang {located.MajorVersion}: " +
                $"point {LibClangLocator.EnvironmentVariable} at a file named libclang-N.so.* or under /usr/lib/llvm-N/");
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == NativeMethods.LibraryName ? s_library : 0;

    [GeneratedRegex(@"clang version (\d+)\.")]
    private static partial Regex ClangVersion();
}
