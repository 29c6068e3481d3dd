using AccelInterop.Runtime.Ioctl;
using AccelInterop.Simulation.Kernel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>A handler whose argument type is not its request's does not compile (Roslyn, as a driver project would build).</summary>
[Collection(nameof(CompilerCollection))]
public sealed class IoctlTableTypingTests
{
    private const string Driver = """
        using AccelInterop.Runtime.Ioctl;
        using AccelInterop.Simulation.Drm;
        using AccelInterop.Simulation.Kernel;

        public struct Query { public uint Count; }
        public struct Other { public ulong Value; }

        public static class ToyTable
        {
            private static readonly IoctlRequest<Query> QueryRequest = new("TOY_QUERY", IoctlDirection.ReadWrite, 0x64, 0x40, 4, 0xC0046440);

            private static int Handle(DrmFile file, SimulatedProcess caller, ref HANDLER_TYPE argument) => 0;

            public static IoctlTable<DrmFile, DrmIoctlFlags> Table { get; } =
                DrmIoctlTable.Create<DrmFile>().Define(QueryRequest, DrmIoctlFlags.RenderAllow, Handle);
        }
        """;

    private static IReadOnlyList<Diagnostic> Compile(string handlerType)
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        MetadataReference[] references =
        [
            .. platform.Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll"))
                .Select(path => MetadataReference.CreateFromFile(path)),
            MetadataReference.CreateFromFile(typeof(IoctlRequest<>).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(IoctlTable).Assembly.Location),
        ];
        CSharpCompilation compilation = CSharpCompilation.Create("ToyDriver",
            [CSharpSyntaxTree.ParseText(Driver.Replace("HANDLER_TYPE", handlerType, StringComparison.Ordinal))], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];
    }

    [Fact]
    public void The_handler_of_the_requests_own_type_compiles()
    {
        Assert.Empty(Compile("Query"));
    }

    [Fact]
    public void A_handler_of_another_argument_type_is_a_compile_error()
    {
        Diagnostic error = Assert.Single(Compile("Other"));
        Assert.Equal("CS1503", error.Id); // cannot convert the method group to IoctlHandler<DrmFile, Query>
        Assert.True(error.GetMessage().Contains("IoctlHandler<", StringComparison.Ordinal) && error.GetMessage().Contains("Query>", StringComparison.Ordinal), error.GetMessage());
    }
}

/// <summary>Compiling takes both cores for seconds: not beside the timing-sensitive firmware tests.</summary>
[CollectionDefinition(nameof(CompilerCollection), DisableParallelization = true)]
public sealed class CompilerCollection;
