using System.Runtime.InteropServices;

namespace AccelInterop.Headers;

/// <summary>
/// One of the Linux targets .NET runs on, named by its clang triple.
/// Debian installs each architecture's <c>asm/</c> headers under its multiarch tuple,
/// which for these eight is spelled exactly like the clang triple.
/// </summary>
public sealed record TargetTriple
{
    private TargetTriple(string triple, params string[] aliases)
    {
        Triple = triple;
        Aliases = aliases;
    }

    /// <summary>The clang triple, e.g. <c>x86_64-linux-gnu</c>.</summary>
    public string Triple { get; }

    /// <summary>Short names accepted by <see cref="Parse"/> besides the triple itself.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>Debian multiarch include directory name (relative to <c>usr/include</c>).</summary>
    public string MultiarchDir => Triple;

    public static TargetTriple X86_64 { get; } = new("x86_64-linux-gnu", "x86_64", "amd64", "x64");
    public static TargetTriple I386 { get; } = new("i386-linux-gnu", "i386", "i686", "x86");
    public static TargetTriple AArch64 { get; } = new("aarch64-linux-gnu", "aarch64", "arm64");
    public static TargetTriple Arm { get; } = new("arm-linux-gnueabihf", "arm", "armhf");
    public static TargetTriple PowerPC64LE { get; } = new("powerpc64le-linux-gnu", "powerpc64le", "ppc64le");
    public static TargetTriple S390X { get; } = new("s390x-linux-gnu", "s390x");
    public static TargetTriple RiscV64 { get; } = new("riscv64-linux-gnu", "riscv64");
    public static TargetTriple LoongArch64 { get; } = new("loongarch64-linux-gnu", "loongarch64");

    /// <summary>All supported targets, in a fixed order (64-bit x86 first).</summary>
    public static IReadOnlyList<TargetTriple> All { get; } =
        [X86_64, I386, AArch64, Arm, PowerPC64LE, S390X, RiscV64, LoongArch64];

    /// <summary>The target of the running process.</summary>
    public static TargetTriple Host => FromArchitecture(RuntimeInformation.ProcessArchitecture);

    /// <summary>Maps a .NET process architecture to its Linux target.</summary>
    public static TargetTriple FromArchitecture(Architecture architecture) => architecture switch
    {
        Architecture.X64 => X86_64,
        Architecture.X86 => I386,
        Architecture.Arm64 => AArch64,
        Architecture.Arm => Arm,
        Architecture.Ppc64le => PowerPC64LE,
        Architecture.S390x => S390X,
        Architecture.RiscV64 => RiscV64,
        Architecture.LoongArch64 => LoongArch64,
        _ => throw new PlatformNotSupportedException(
            $"process architecture {architecture} is not one of the Linux targets AccelInterop supports ({ValidNames})"),
    };

    /// <summary>Accepts a triple or a short alias (case-insensitive); throws <see cref="ArgumentException"/> otherwise.</summary>
    public static TargetTriple Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParse(name, out var target)
            ? target
            : throw new ArgumentException($"unknown target '{name}'; valid targets: {ValidNames}", nameof(name));
    }

    public static bool TryParse(string? name, out TargetTriple target)
    {
        var key = name?.Trim() ?? "";
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Triple, key, StringComparison.OrdinalIgnoreCase)
                || candidate.Aliases.Any(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase)))
            {
                target = candidate;
                return true;
            }
        }

        target = null!;
        return false;
    }

    /// <summary>Every accepted name, for error messages and <c>--help</c>.</summary>
    public static string ValidNames { get; } =
        string.Join(", ", All.Select(t => $"{t.Triple} ({string.Join("/", t.Aliases)})"));

    public bool Equals(TargetTriple? other) => other is not null && other.Triple == Triple;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Triple);

    public override string ToString() => Triple;
}
