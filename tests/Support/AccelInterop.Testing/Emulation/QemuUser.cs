using System.Runtime.InteropServices;
using AccelInterop.Runtime.Targets;

namespace AccelInterop.Testing.Emulation;

/// <summary>
/// Runs a foreign-architecture Linux executable under Debian's qemu-user-static, called directly
/// (no binfmt registration needed), with the guest's C library found from the executable's own
/// program interpreter.
/// </summary>
internal sealed class QemuUser
{
    private QemuUser(string program, string sysroot)
    {
        Program = program;
        Sysroot = sysroot;
    }

    /// <summary>The emulator binary, e.g. /usr/bin/qemu-aarch64-static.</summary>
    public string Program { get; }

    /// <summary>The folder qemu's <c>-L</c> maps the guest's <c>/</c> to for its loader and libraries.</summary>
    public string Sysroot { get; }

    /// <summary>qemu-user's name for each CPU .NET runs on (its emulators are <c>qemu-NAME-static</c>), from the target table.</summary>
    public static string? CpuName(Architecture architecture) => LinuxTargets.ForArchitecture(architecture)?.QemuUserName;

    public static string ProgramName(Architecture architecture) => $"qemu-{CpuName(architecture) ?? architecture.ToString().ToLowerInvariant()}-static";

    /// <returns>The emulator's path on PATH, or null when it is not installed.</returns>
    public static string? Find(Architecture architecture)
    {
        if (CpuName(architecture) == null)
        {
            return null;
        }

        var name = ProgramName(architecture);
        return (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator)
            .Where(dir => dir.Length > 0).Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Prepares <paramref name="program"/> to run <paramref name="executable"/>: its program interpreter
    /// must exist natively (a multiarch libc) or under one of Debian's cross C library folders
    /// (<c>/usr/&lt;tuple&gt;/lib/...</c>, from libc6-&lt;arch&gt;-cross).
    /// </summary>
    /// <returns>The emulator, or null with the reason in <paramref name="unavailable"/>.</returns>
    public static QemuUser? For(string program, string executable, out string? unavailable)
    {
        unavailable = null;
        var interpreter = ElfInterpreter.Of(executable);
        if (interpreter == null)
        {
            unavailable = $"{executable} names no program interpreter";
            return null;
        }
        if (File.Exists(interpreter))
        {
            return new QemuUser(program, "/");
        }

        var sysroot = Directory.GetDirectories("/usr").Order(StringComparer.Ordinal)
            .FirstOrDefault(dir => File.Exists(dir + interpreter));
        if (sysroot != null)
        {
            return new QemuUser(program, sysroot);
        }

        unavailable = $"no C library for {Path.GetFileName(program)}: neither {interpreter} nor /usr/*{interpreter} exists " +
                      "(eng/install-prereqs.sh installs Debian's cross C library for the architectures it runs)";
        return null;
    }

    /// <summary>
    /// The guest .NET runtime's settings. Inherited DOTNET_/COMPlus_/CORECLR_ variables belong to the
    /// x86_64 test host (profilers, startup hooks, GC knobs) and are dropped. W^X is turned off:
    /// .NET writes JIT code through a second, writable mapping of the same memory, and qemu-user
    /// notices changed code only through writes to the page it translated, so a rewritten code page
    /// could keep running its stale translation.
    /// </summary>
    private static readonly KeyValuePair<string, string?>[] GuestRuntime = [new("DOTNET_EnableWriteXorExecute", "0")];

    private static bool IsRuntimeSetting(string name) =>
        name.StartsWith("DOTNET_", StringComparison.Ordinal) || name.StartsWith("COMPlus_", StringComparison.Ordinal) ||
        name.StartsWith("CORECLR_", StringComparison.Ordinal);

    public ChildProcess.Result Run(string executable, IEnumerable<string> arguments, TimeSpan timeout) =>
        ChildProcess.Run(Program, ["-L", Sysroot, executable, .. arguments], timeout, GuestRuntime, IsRuntimeSetting);
}
