using Microsoft.CodeAnalysis;

namespace AccelInterop.Fuzz.Tests.Paths;

/// <summary>What running generated bindings gave: compile errors, or the report text of <c>GeneratedReport.Run</c>.</summary>
public sealed record GeneratedRun(IReadOnlyList<Diagnostic> CompileErrors, string? Report, string? Crash);

/// <summary>
/// Builds sources (the generated C# and <c>GeneratedReport.cs</c>) and runs the report on one architecture.
/// The x86_64 runner loads it in this process; a runner for another architecture (e.g. linux-arm64
/// under qemu-aarch64) builds a program whose Main prints <c>GeneratedReport.Run(ns)</c>, runs it there
/// and returns what it printed. Pass it to <see cref="Running.FuzzRunner"/> beside the in-process one.
/// </summary>
public interface IGeneratedCodeRunner
{
    /// <summary>The clang triple of the architecture the report runs on.</summary>
    string Target { get; }

    GeneratedRun Run(IReadOnlyList<(string Path, string Text)> sources, string ns);
}
