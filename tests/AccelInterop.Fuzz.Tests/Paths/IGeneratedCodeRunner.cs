using AccelInterop.Emitter.Tests;
using Microsoft.CodeAnalysis;

namespace AccelInterop.Fuzz.Tests.Paths;

/// <summary>What running generated bindings gave: compile errors, or the report text of <c>GeneratedReport.Run</c>.</summary>
public sealed record GeneratedRun(IReadOnlyList<Diagnostic> CompileErrors, string? Report, string? Crash);

/// <summary>
/// Builds generated C# together with the report source and runs the report on one architecture.
/// The x86_64 runner loads it in this process; a runner for another architecture (e.g. linux-arm64
/// under qemu-aarch64) builds a program whose Main prints <c>GeneratedReport.Run(ns)</c> and runs it there.
/// </summary>
public interface IGeneratedCodeRunner
{
    /// <summary>The clang triple of the architecture the report runs on.</summary>
    string Target { get; }

    GeneratedRun Run(IReadOnlyList<(string Path, string Text)> sources, string ns);
}

/// <summary>Compiles with Roslyn in-process (as a consuming project would) and runs the report on the host.</summary>
public sealed class InProcessGeneratedRunner : IGeneratedCodeRunner
{
    public string Target => Headers.TargetTriple.Host.Triple;

    public GeneratedRun Run(IReadOnlyList<(string Path, string Text)> sources, string ns)
    {
        var compiled = GeneratedCompiler.Compile("fuzz_" + Guid.NewGuid().ToString("N"), sources);
        if (compiled.Image == null) return new GeneratedRun(compiled.Problems.ToList(), null, null);
        var assembly = GeneratedCompiler.Load(compiled.Image);
        try
        {
            var report = (string)assembly.GetType("AccelInterop.FuzzReport.GeneratedReport", throwOnError: true)!
                .GetMethod("Run")!.Invoke(null, [ns])!;
            return new GeneratedRun([], report, null);
        }
        catch (System.Reflection.TargetInvocationException e)
        {
            return new GeneratedRun([], null, InProcessAccelgen.Describe(e.InnerException ?? e));
        }
    }

    /// <summary>The report source, compiled with the bindings.</summary>
    public static string ReportSource { get; } = ReadReportSource();

    private static string ReadReportSource()
    {
        using var stream = typeof(InProcessGeneratedRunner).Assembly.GetManifestResourceStream("GeneratedReport.cs")
            ?? throw new InvalidOperationException("GeneratedReport.cs is not embedded");
        return new StreamReader(stream).ReadToEnd();
    }
}
