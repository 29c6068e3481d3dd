using AccelInterop.Testing.Emulation;

namespace AccelInterop.Fuzz.Tests.Paths;

/// <summary>
/// Compiles with Roslyn here and runs the report on another architecture: the layout runner, published
/// self-contained for it, loads the image under qemu-user and prints <c>GeneratedReport.Run(ns)</c>,
/// so the structs are laid out by that architecture's .NET runtime.
/// </summary>
public sealed class EmulatedGeneratedRunner : IGeneratedCodeRunner
{
    private readonly EmulatedLayoutCheck _check;

    private EmulatedGeneratedRunner(EmulatedLayoutCheck check, LinuxTarget target)
    {
        _check = check;
        Target = target.Triple;
    }

    public string Target { get; }

    /// <returns>The runner, or null with the reason (no qemu, no runtime pack, no cross C library) in <paramref name="unavailable"/>.</returns>
    public static EmulatedGeneratedRunner? For(LinuxTarget target, out string? unavailable)
    {
        var check = EmulatedLayoutCheck.For(target.Architecture);
        unavailable = check.Unavailable;
        return unavailable == null ? new EmulatedGeneratedRunner(check, target) : null;
    }

    public GeneratedRun Run(IReadOnlyList<(string Path, string Text)> sources, string ns)
    {
        var assemblyName = "fuzz_" + Guid.NewGuid().ToString("N");
        var compiled = GeneratedCompiler.Compile(assemblyName, sources);
        if (compiled.Image == null)
        {
            return new GeneratedRun(compiled.Problems.ToList(), null, null);
        }

        var report = _check.Report(assemblyName, compiled.Image, GeneratedReportSource.TypeName, ns);
        return new GeneratedRun([], report.Text, report.Exception);
    }
}
