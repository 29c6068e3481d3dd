using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AccelInterop.Analyzers;

/// <summary>
/// UAPI0009: Marshal.SizeOf/OffsetOf on a generated uAPI struct. They give the marshalled
/// layout, which for [InlineArray] members is not the native one the kernel sees.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MarshalLayoutAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.MarshalLayout);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var marshal = start.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.Marshal");
            if (marshal == null)
            {
                return;
            }

            var types = new UapiTypes();
            start.RegisterOperationAction(c => Analyze(c, marshal, types), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol marshal, UapiTypes types)
    {
        var call = (IInvocationOperation)context.Operation;
        var method = call.TargetMethod;
        if (method.Name != "SizeOf" && method.Name != "OffsetOf")
        {
            return;
        }

        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, marshal))
        {
            return;
        }

        var type = StructOf(call);
        if (!types.IsUapiStruct(type))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rules.MarshalLayout, call.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add("Type", type!.ToDisplayString()),
            "Marshal." + method.Name, type!.Name));
    }

    /// <summary>The struct asked about: the generic argument, a typeof() argument, or the argument's type.</summary>
    internal static ITypeSymbol? StructOf(IInvocationOperation call)
    {
        if (call.TargetMethod.IsGenericMethod)
        {
            return call.TargetMethod.TypeArguments[0];
        }

        if (call.Arguments.Length == 0)
        {
            return null;
        }

        var value = call.Arguments[0].Value;
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        return value is ITypeOfOperation typeOf ? typeOf.TypeOperand : value.Type;
    }
}
