using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

#if ACCELINTEROP_MODEL
namespace AccelInterop.Model.Targets;
#else
namespace AccelInterop.Runtime.Targets;
#endif

/// <summary>
/// One Linux architecture .NET runs on, as far as C does not know it: its names, where Debian
/// puts its files, the tools it needs, and its slot in generated per-architecture tables. What the
/// compiler knows about it (pointer size, alignment, byte order, ioctl layout) is in each model's
/// target facts instead; only the ioctl layout is also kept here, for the runtime, which has no model.
/// </summary>
public sealed class LinuxTarget
{
    internal LinuxTarget(string triple, string[] aliases, string dotNetArchitecture, string runtimeIdentifier,
        string qemuUserName, int minimumLibClang, IoctlLayout ioctl)
    {
        Triple = triple;
        Aliases = aliases;
        DotNetArchitecture = dotNetArchitecture;
        RuntimeIdentifier = runtimeIdentifier;
        QemuUserName = qemuUserName;
        MinimumLibClang = minimumLibClang;
        Ioctl = ioctl;
    }

    /// <summary>The clang triple, which is how models, <c>--target</c> and compilers name the target.</summary>
    public string Triple { get; }

    /// <summary>Other names <see cref="LinuxTargets.Find"/> accepts; the first is the short name used in messages.</summary>
    public IReadOnlyList<string> Aliases { get; }

    public string ShortName => Aliases[0];

    /// <summary>The name of the <c>System.Runtime.InteropServices.Architecture</c> member a .NET process reports here.</summary>
    public string DotNetArchitecture { get; }

    /// <summary>The .NET runtime identifier (<c>dotnet publish -r</c>).</summary>
    public string RuntimeIdentifier { get; }

    /// <summary>qemu-user's name for the CPU (its emulator is <c>qemu-NAME-static</c>), for running foreign binaries in tests.</summary>
    public string QemuUserName { get; }

    /// <summary>
    /// Debian's multiarch tuple: the folder of the architecture's <c>asm/</c> headers under
    /// <c>usr/include</c> and of its libraries under <c>/usr/lib</c>. For these eight it is spelled
    /// like the clang triple.
    /// </summary>
    public string MultiarchDir => Triple;

    /// <summary>The oldest libclang (and clang) that knows the triple.</summary>
    public int MinimumLibClang { get; }

    /// <summary>The request layout of the kernel's <c>asm/ioctl.h</c> for this architecture (checked against the compiler by a test).</summary>
    public IoctlLayout Ioctl { get; }

    /// <summary>The index of this architecture in the per-architecture arrays of generated code.</summary>
    public int Index { get; internal set; }

    /// <summary>The .NET process architecture that runs here (parsed by name: netstandard2.0's enum lacks the newer members).</summary>
    public Architecture Architecture => (Architecture)Enum.Parse(typeof(Architecture), DotNetArchitecture);

    public override string ToString() => Triple;
}
