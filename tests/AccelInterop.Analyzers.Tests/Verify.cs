using AccelInterop.Runtime.Abi;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AccelInterop.Analyzers.Tests;

/// <summary>
/// Analyzer/code-fix tests compiled against this process's framework and the runtime assembly
/// (no reference-assembly download), with a struct shaped like generated code.
/// </summary>
internal static class Verify<TAnalyzer, TFix> where TAnalyzer : DiagnosticAnalyzer, new() where TFix : CodeFixProvider, new()
{
    /// <summary>What the generator emits for a uAPI struct, reduced to what the rules read.</summary>
    public const string Generated = """
        using System;
        using System.Runtime.CompilerServices;
        using AccelInterop.Runtime.Abi;
        namespace Gen
        {
            [Flags] public enum CREATE_FLAG : uint { CREATE_FLAG_A = 1, CREATE_FLAG_B = 2, CREATE_FLAG_C = 8 }
            [InlineArray(3)] public struct ushort_Array3 { private ushort _element0; }
            public struct create
            {
                public ulong size;
                [FlagFamily(typeof(CREATE_FLAG))] public uint flags;
                [MustBeZero] public uint pad;
                [MustBeZero] public ushort_Array3 pad2;
                public uint handle;
            }
            public struct exec
            {
                [UserPointer(PointsTo = "bytes", CountMember = "size")] public ulong data_ptr;
                public ulong size;
                [Handle("gem")] public uint handle;
                [FileDescriptor("dmabuf")] public int fd;
            }
            public static class Req
            {
                [RequestDirection(AccelInterop.Runtime.Ioctl.IoctlDirection.ReadWrite)]
                public static AccelInterop.Runtime.Ioctl.IoctlRequest<exec> Exec => default;
                [RequestDirection(AccelInterop.Runtime.Ioctl.IoctlDirection.Write)]
                public static AccelInterop.Runtime.Ioctl.IoctlRequest<create> W => new("W", AccelInterop.Runtime.Ioctl.IoctlDirection.Write, 100, 65, 32, 0x40206441);
                [RequestDirection(AccelInterop.Runtime.Ioctl.IoctlDirection.ReadWrite)]
                public static AccelInterop.Runtime.Ioctl.IoctlRequest<create> RW => new("RW", AccelInterop.Runtime.Ioctl.IoctlDirection.ReadWrite, 100, 66, 32, 0xC0206442);
                public static AccelInterop.Runtime.Ioctl.IoctlRequest Plain => new("Plain", 100, 67, 0x6443);
            }
        }
        """;

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return tpa.Where(p => Path.GetFileName(p) is var f && (f.StartsWith("System.", StringComparison.Ordinal)
                    || f is "netstandard.dll" or "mscorlib.dll" or "Microsoft.Win32.Primitives.dll"))
            .Append(typeof(MustBeZeroAttribute).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    private sealed class Test : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(References.Value);
            SolutionTransforms.Add((solution, id) =>
            {
                var options = (Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)solution.GetProject(id)!.CompilationOptions!;
                return solution.WithProjectCompilationOptions(id, options.WithAllowUnsafe(true));
            });
        }
    }

    public static Task Analyzer(string source, params DiagnosticResult[] expected)
    {
        var test = new Test();
        test.TestState.Sources.Add(("/0/Test0.cs", source));
        test.TestState.Sources.Add(("/0/Generated.g.cs", Generated));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task Fix(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new Test();
        test.TestState.Sources.Add(("/0/Test0.cs", source));
        test.TestState.Sources.Add(("/0/Generated.g.cs", Generated));
        test.FixedState.Sources.Add(("/0/Test0.cs", fixedSource));
        test.FixedState.Sources.Add(("/0/Generated.g.cs", Generated));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);
}
