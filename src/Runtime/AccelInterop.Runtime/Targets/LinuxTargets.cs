using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

#if ACCELINTEROP_MODEL
namespace AccelInterop.Model.Targets;
#else
namespace AccelInterop.Runtime.Targets;
#endif

/// <summary>
/// The one table of the Linux targets AccelInterop supports: the eight architectures .NET runs
/// on. Every other part of the product reads target names, .NET architectures, Debian folders,
/// runtime identifiers and the order of generated per-architecture arrays from here; facts the
/// C compiler knows come from the model. This file is compiled into AccelInterop.Runtime and,
/// linked, into AccelInterop.Model, so the generators read it through the model assembly.
/// </summary>
public static class LinuxTargets
{
    // asm-generic/ioctl.h; arch/powerpc/include/uapi/asm/ioctl.h narrows the size and widens the direction.
    private static readonly IoctlLayout Generic = IoctlLayout.Packed(sizeBits: 14, dirBits: 2, none: 0, write: 1, read: 2);
    private static readonly IoctlLayout PowerPC = IoctlLayout.Packed(sizeBits: 13, dirBits: 3, none: 1, write: 4, read: 2);

    public static LinuxTarget X86_64 { get; } = new("x86_64-linux-gnu", ["x86_64", "amd64", "x64"], "X64", "linux-x64", "x86_64", 14, Generic);
    public static LinuxTarget I386 { get; } = new("i386-linux-gnu", ["i386", "i686", "x86"], "X86", "linux-x86", "i386", 14, Generic);
    public static LinuxTarget AArch64 { get; } = new("aarch64-linux-gnu", ["aarch64", "arm64"], "Arm64", "linux-arm64", "aarch64", 14, Generic);
    public static LinuxTarget Arm { get; } = new("arm-linux-gnueabihf", ["arm", "armhf"], "Arm", "linux-arm", "arm", 14, Generic);
    public static LinuxTarget PowerPC64LE { get; } = new("powerpc64le-linux-gnu", ["powerpc64le", "ppc64le"], "Ppc64le", "linux-ppc64le", "ppc64le", 14, PowerPC);
    public static LinuxTarget S390X { get; } = new("s390x-linux-gnu", ["s390x"], "S390x", "linux-s390x", "s390x", 14, Generic);
    public static LinuxTarget RiscV64 { get; } = new("riscv64-linux-gnu", ["riscv64"], "RiscV64", "linux-riscv64", "riscv64", 14, Generic);
    // LoongArch landed in clang 16.
    public static LinuxTarget LoongArch64 { get; } = new("loongarch64-linux-gnu", ["loongarch64"], "LoongArch64", "linux-loongarch64", "loongarch64", 16, Generic);

    /// <summary>Every target, in the order of generated per-architecture arrays (<see cref="LinuxTarget.Index"/>).</summary>
    public static IReadOnlyList<LinuxTarget> All { get; } = Numbered(X86_64, I386, AArch64, Arm, PowerPC64LE, S390X, RiscV64, LoongArch64);

    /// <summary>The target of the running process, or null on an architecture outside the table.</summary>
    public static LinuxTarget? Current { get; } = ForArchitecture(RuntimeInformation.ProcessArchitecture.ToString());

    /// <summary>The oldest libclang that knows every target.</summary>
    public static int MinimumLibClangForAll => All.Max(t => t.MinimumLibClang);

    /// <summary>Every accepted name, for error messages and <c>--help</c>.</summary>
    public static string ValidNames { get; } = string.Join(", ", All.Select(t => $"{t.Triple} ({string.Join("/", t.Aliases)})"));

    /// <summary>The short names (<c>x86_64, i386, ...</c>), for help texts.</summary>
    public static string ShortNames { get; } = string.Join(", ", All.Select(t => t.ShortName));

    /// <summary>A triple or an alias, case-insensitive and trimmed; null for anything else.</summary>
    public static LinuxTarget? Find(string? name)
    {
        var key = name?.Trim() ?? "";
        foreach (var target in All)
        {
            if (string.Equals(target.Triple, key, StringComparison.OrdinalIgnoreCase))
            {
                return target;
            }

            foreach (var alias in target.Aliases)
            {
                if (string.Equals(alias, key, StringComparison.OrdinalIgnoreCase))
                {
                    return target;
                }
            }
        }
        return null;
    }

    /// <summary>A triple or an alias; throws <see cref="ArgumentException"/> naming the valid ones otherwise.</summary>
    public static LinuxTarget Parse(string name) =>
        Find(name) ?? throw new ArgumentException($"unknown target '{name}'; valid targets: {ValidNames}", nameof(name));

    /// <summary>The target whose .NET architecture has this name (<c>X64</c>, <c>Arm64</c>), or null.</summary>
    public static LinuxTarget? ForArchitecture(string dotNetArchitecture)
    {
        foreach (var target in All)
        {
            if (string.Equals(target.DotNetArchitecture, dotNetArchitecture, StringComparison.Ordinal))
            {
                return target;
            }
        }

        return null;
    }

    /// <summary>The target a .NET process architecture runs, or null.</summary>
    public static LinuxTarget? ForArchitecture(Architecture architecture) => ForArchitecture(architecture.ToString());

    private static LinuxTarget[] Numbered(params LinuxTarget[] targets)
    {
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i].Index = i;
        }

        return targets;
    }
}
