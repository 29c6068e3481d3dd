using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using AccelInterop.Model.Targets;

namespace AccelInterop.Conformance.Layout;

public enum CompilerKind { Gcc, Clang }

/// <summary>
/// The C compiler that answers layout questions for one target: the host's <c>gcc</c> for the
/// host triple, or <c>clang</c> (new enough for every target in <see cref="LinuxTargets"/>) with <c>--target=</c>.
/// </summary>
public sealed record OracleCompiler(string Path, CompilerKind Kind, int? MajorVersion, string Target, bool IsHost)
{
    /// <summary>
    /// Arguments that select the target and the header environment. gcc compiles for the host and
    /// may see the host's system headers; clang is always run freestanding without the host's libc
    /// headers (<c>-nostdlibinc -ffreestanding</c>), also when forced for the host triple, so that
    /// only the synced uAPI headers (and clang's own resource headers) are visible.
    /// </summary>
    public IReadOnlyList<string> TargetArguments => Kind == CompilerKind.Clang
        ? ["--target=" + Target, "-nostdlibinc", "-ffreestanding"]
        : [];

    /// <summary>Whether bitfields are checked by running a program (gcc, host only) rather than clang's layout dump.</summary>
    public bool ProbesBitfieldsAtRunTime => Kind == CompilerKind.Gcc;

    public override string ToString() =>
        $"{System.IO.Path.GetFileName(Path)}{(Kind == CompilerKind.Clang ? " --target=" + Target : "")}";
}

/// <summary>No usable compiler for a target. The message is one line and names the Debian package to install.</summary>
public sealed class CompilerNotFoundException(string message) : Exception(message);

/// <summary>
/// Finds the oracle compiler for a target. The host triple (from
/// <see cref="RuntimeInformation.ProcessArchitecture"/>) uses <c>gcc</c>; every other target
/// uses the newest <c>clang-N</c> (N ≥ <see cref="MinimumClangMajor"/>) found on <c>PATH</c> or as <c>/usr/lib/llvm-N/bin/clang</c>.
/// </summary>
public sealed class CompilerLocator
{
    /// <summary>Oldest clang that knows every supported target (from the target table).</summary>
    public static int MinimumClangMajor => LinuxTargets.MinimumLibClangForAll;

    /// <summary>The Debian package named in the error when no clang is found.</summary>
    public const string ClangPackage = "clang-19";

    private readonly IReadOnlyList<string> _searchPath;
    private readonly string _llvmRoot;
    private readonly Lazy<(string Path, int Major)?> _clang;
    private readonly Lazy<string?> _gcc;

    /// <param name="searchPath">Directories to search for executables; defaults to <c>PATH</c>.</param>
    /// <param name="llvmRoot">Where Debian installs versioned LLVM trees (<c>llvm-N/bin/clang</c>); defaults to <c>/usr/lib</c>.</param>
    public CompilerLocator(IReadOnlyList<string>? searchPath = null, string? llvmRoot = null)
    {
        _searchPath = searchPath ?? (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        _llvmRoot = llvmRoot ?? "/usr/lib";
        _clang = new Lazy<(string, int)?>(FindNewestClang);
        _gcc = new Lazy<string?>(() => FindOnPath("gcc"));
    }

    public static CompilerLocator Default { get; } = new();

    /// <summary>The clang triple of the running process (from <see cref="LinuxTargets"/>).</summary>
    public static string HostTarget => LinuxTargets.Current?.Triple
        ?? throw new PlatformNotSupportedException(
            $"process architecture {RuntimeInformation.ProcessArchitecture} is not one of the Linux targets AccelInterop supports ({LinuxTargets.ValidNames})");

    /// <summary>
    /// The compiler for <paramref name="target"/>. <paramref name="forceClang"/> uses clang for the
    /// host as well; <paramref name="clangPath"/> overrides the search. On the host, a missing gcc
    /// falls back to clang.
    /// </summary>
    public OracleCompiler Locate(string target, bool forceClang = false, string? clangPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var isHost = OperatingSystem.IsLinux() && IsHostTarget(target);
        if (isHost && !forceClang && clangPath == null && _gcc.Value is { } gcc)
        {
            return new OracleCompiler(gcc, CompilerKind.Gcc, null, target, IsHost: true);
        }

        if (clangPath != null)
        {
            if (!File.Exists(clangPath))
            {
                throw new CompilerNotFoundException($"clang '{clangPath}' does not exist (install the Debian package {ClangPackage})");
            }

            return new OracleCompiler(clangPath, CompilerKind.Clang, MajorFromName(clangPath), target, isHost);
        }

        if (_clang.Value is { } clang)
        {
            return new OracleCompiler(clang.Path, CompilerKind.Clang, clang.Major, target, isHost);
        }

        var why = isHost && !forceClang ? "neither gcc nor " : "no ";
        throw new CompilerNotFoundException(
            $"{why}clang >= {MinimumClangMajor} found for target {target} (looked for clang-N on PATH and {_llvmRoot}/llvm-N/bin/clang); " +
            $"install the Debian package {ClangPackage}{(isHost && !forceClang ? " or gcc" : "")}");
    }

    public static bool IsHostTarget(string target)
    {
        try { return string.Equals(HostTarget, target, StringComparison.Ordinal); }
        catch (PlatformNotSupportedException) { return false; }
    }

    private string? FindOnPath(string name)
    {
        foreach (var dir in _searchPath)
        {
            var candidate = System.IO.Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private (string Path, int Major)? FindNewestClang()
    {
        var found = new List<(string Path, int Major)>();
        foreach (var dir in _searchPath)
        {
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var file in SafeEnumerate(dir, "clang-*"))
            {
                if (MajorFromName(file) is { } n && n >= MinimumClangMajor)
                {
                    found.Add((file, n));
                }
            }
        }
        if (Directory.Exists(_llvmRoot))
        {
            foreach (var dir in SafeEnumerateDirectories(_llvmRoot, "llvm-*"))
            {
                var clang = System.IO.Path.Combine(dir, "bin", "clang");
                if (int.TryParse(System.IO.Path.GetFileName(dir)["llvm-".Length..], out var n) && n >= MinimumClangMajor && File.Exists(clang))
                {
                    found.Add((clang, n));
                }
            }
        }
        if (found.Count > 0)
        {
            return found.OrderByDescending(f => f.Major).ThenBy(f => f.Path, StringComparer.Ordinal).First();
        }

        // Last resort: an unversioned clang whose --version is new enough.
        if (FindOnPath("clang") is { } plain && QueryMajor(plain) is { } major && major >= MinimumClangMajor)
        {
            return (plain, major);
        }

        return null;
    }

    private static int? MajorFromName(string path)
    {
        var m = Regex.Match(System.IO.Path.GetFileName(path), @"^clang-(\d+)$");
        if (m.Success)
        {
            return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        m = Regex.Match(path, @"llvm-(\d+)/bin/clang$");
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static int? QueryMajor(string clang)
    {
        try
        {
            var psi = new ProcessStartInfo(clang, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(psi);
            if (p == null)
            {
                return null;
            }

            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit(10_000);
            var m = Regex.Match(text, @"clang version (\d+)\.");
            return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    private static IEnumerable<string> SafeEnumerate(string dir, string pattern)
    {
        try { return Directory.GetFiles(dir, pattern); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private static IEnumerable<string> SafeEnumerateDirectories(string dir, string pattern)
    {
        try { return Directory.GetDirectories(dir, pattern); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}
