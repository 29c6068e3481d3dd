using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using AccelInterop.Runtime.Ioctl;
using AccelInterop.Runtime.Targets;

namespace AccelInterop.Testing.Emulation;

/// <summary>
/// Runs the generated layout self-checks (<c>*Layout.Check()</c>) of a set of generated bindings on
/// another Linux architecture: the layout runner is published self-contained for that architecture
/// once (<see cref="LayoutRunnerBuild"/>), the bindings are compiled here to IL, and the runner loads
/// them under qemu-user, where that architecture's .NET runtime lays the structs out. <see cref="Report"/>
/// runs a report method compiled beside the bindings instead (the fuzzer's GeneratedReport).
/// </summary>
public sealed class EmulatedLayoutCheck
{
    private static readonly ConcurrentDictionary<Architecture, Lazy<EmulatedLayoutCheck>> s_checks = new();
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(10);
    private readonly QemuUser? _qemu;
    private readonly string? _runner;

    private EmulatedLayoutCheck(Architecture architecture, QemuUser? qemu, string? runner, string? unavailable, string build)
    {
        Architecture = architecture;
        _qemu = qemu;
        _runner = runner;
        Unavailable = unavailable;
        Build = build;
    }

    public Architecture Architecture { get; }

    /// <summary>Why the check cannot run here (no emulator, no runtime pack served, no C library), or null.</summary>
    public string? Unavailable { get; }

    /// <summary>What preparing the runner did this process ("published in N s", "up to date", ...).</summary>
    public string Build { get; }

    /// <summary>The .NET runtime identifier of <paramref name="architecture"/> on glibc Linux (linux-arm64, linux-s390x, ...).</summary>
    public static string RuntimeIdentifier(Architecture architecture) =>
        (LinuxTargets.ForArchitecture(architecture) ?? throw new ArgumentException($"{architecture} is not a Linux target")).RuntimeIdentifier;

    /// <summary>The architectures the generated tables have a column for, other than the one this process runs on.</summary>
    public static IEnumerable<Architecture> Foreign =>
        IoctlArchitecture.Order.ToArray().Where(a => a != RuntimeInformation.ProcessArchitecture);

    /// <summary>The check for one architecture, prepared (the runner published or found up to date) once per process.</summary>
    public static EmulatedLayoutCheck For(Architecture architecture) =>
        s_checks.GetOrAdd(architecture, a => new Lazy<EmulatedLayoutCheck>(() => Prepare(a))).Value;

    private static EmulatedLayoutCheck Prepare(Architecture architecture)
    {
        var program = QemuUser.Find(architecture);
        if (program == null)
        {
            return new EmulatedLayoutCheck(architecture, null, null,
                $"{QemuUser.ProgramName(architecture)} is not on PATH (eng/install-prereqs.sh installs Debian's qemu-user-static)", "not tried");
        }

        var rid = RuntimeIdentifier(architecture);
        var build = LayoutRunnerBuild.For(rid, Foreign.Select(RuntimeIdentifier).ToList());
        if (build.Unavailable != null)
        {
            return new EmulatedLayoutCheck(architecture, null, null,
                $"no .NET runtime for {rid} from the package registry: {build.Unavailable}", build.Outcome);
        }

        var qemu = QemuUser.For(program, build.Executable!, out var noLibc);
        return new EmulatedLayoutCheck(architecture, qemu, build.Executable, noLibc, build.Outcome);
    }

    /// <summary>Compiles generated C# (bindings and their <c>*.Layout.g.cs</c> tables) and runs every layout check in it.</summary>
    public EmulatedLayoutRun Run(string assemblyName, IEnumerable<(string Path, string Text)> sources)
    {
        var compiled = GeneratedCompiler.Compile(assemblyName, sources);
        if (compiled.Image == null || compiled.Problems.Any())
        {
            throw new InvalidOperationException($"the generated code of {assemblyName} does not compile:\n{GeneratedCompiler.Describe(compiled.Problems)}");
        }

        return Run(assemblyName, compiled.Image);
    }

    /// <summary>Compiles every *.cs file under <paramref name="folder"/> and runs every layout check in it.</summary>
    public EmulatedLayoutRun RunFolder(string folder, string assemblyName = "Generated") =>
        Run(assemblyName, Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(folder, f), File.ReadAllText(f))));

    /// <summary>Runs every layout check in an assembly image compiled against AccelInterop.Runtime.</summary>
    public EmulatedLayoutRun Run(string assemblyName, byte[] image)
    {
        var result = Execute(assemblyName, image, []);
        var run = EmulatedLayoutRun.Parse(result.StandardOutput, result.Elapsed);
        RequireColumn(run.Architecture, run.Column);
        return run;
    }

    /// <summary>
    /// Calls <c>public static string Run(string)</c> of <paramref name="reportType"/> (compiled into the image) with
    /// <paramref name="argument"/> on the emulated architecture: the text it returned, or the exception it threw.
    /// </summary>
    public EmulatedReport Report(string assemblyName, byte[] image, string reportType, string argument)
    {
        var result = Execute(assemblyName, image, ["--report", reportType, argument]);
        var text = result.StandardOutput;
        var firstLine = text.IndexOf('\n') is var end and >= 0 ? text[..end] : text;
        if (firstLine.Split('\t') is not ["arch", var name, var index] || !Enum.TryParse<Architecture>(name, out var architecture))
        {
            throw new FormatException($"layout runner --report: no arch line first:\n{Tail(text)}");
        }

        RequireColumn(architecture, int.Parse(index, System.Globalization.CultureInfo.InvariantCulture));
        var body = text[(firstLine.Length + 1)..];
        return result.ExitCode == 0
            ? new EmulatedReport(body, null, result.Elapsed)
            : new EmulatedReport(null, body.TrimEnd('\n').Split('\t', 3) is ["error", _, var message] ? message : body, result.Elapsed);
    }

    /// <summary>Runs the runner on the image (written to a scratch folder) with <paramref name="mode"/> before its path; exit 0 or 1 only.</summary>
    private ChildProcess.Result Execute(string assemblyName, byte[] image, string[] mode)
    {
        if (Unavailable != null)
        {
            throw new InvalidOperationException($"cannot run on {Architecture}: {Unavailable}");
        }

        var dir = Directory.CreateTempSubdirectory("accelinterop-layout-").FullName;
        try
        {
            var assembly = Path.Combine(dir, assemblyName + ".dll");
            File.WriteAllBytes(assembly, image);
            var result = _qemu!.Run(_runner!, [.. mode, assembly], RunLimit);
            if (result.ExitCode is not (0 or 1))
            {
                throw new InvalidOperationException(
                    $"the layout runner under {Path.GetFileName(_qemu.Program)} exited {result.ExitCode}:\n{result.StandardError}\n{Tail(result.StandardOutput)}");
            }

            return result;
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>A run proves something only if it happened on the emulated CPU and compared that CPU's column.</summary>
    private void RequireColumn(Architecture ranAs, int ranColumn)
    {
        var column = IoctlArchitecture.Order.IndexOf(Architecture);
        if (ranAs != Architecture || ranColumn != column)
        {
            throw new InvalidOperationException($"the layout runner ran as {ranAs} (column {ranColumn}), not {Architecture} (column {column})");
        }
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(10));
}
