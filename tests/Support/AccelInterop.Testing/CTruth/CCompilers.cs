using AccelInterop.Runtime.Targets;

namespace AccelInterop.Testing.CTruth;

/// <summary>Where the layout oracles are: clang 19 for every target, gcc for x86_64 and i386 (-m32).</summary>
public static class CCompilers
{
    public static string? Clang { get; } = Find("clang-19");
    public static string? Gcc { get; } = Find("gcc");

    /// <summary>The targets gcc measures here (compile-only, so i386 needs no 32-bit libc).</summary>
    public static IReadOnlyList<string> GccTargets { get; } = [LinuxTargets.X86_64.Triple, LinuxTargets.I386.Triple];

    public static bool Available => Clang != null && Gcc != null;

    /// <summary>Why <see cref="Available"/> is false, as a skip reason.</summary>
    public static string Unavailable =>
        $"needs clang-19 and gcc on PATH as layout oracles (clang-19: {Clang ?? "missing"}, gcc: {Gcc ?? "missing"}); eng/install-prereqs.sh installs them";

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
