using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AccelInterop.Analyzers;

/// <summary>UAPI0006: an <c>Ioctl…</c> call returning <c>SysResult</c> used as a statement.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DiscardedResultAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.ResultDiscarded);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var result = start.Compilation.GetTypeByMetadataName(AbiNames.SysResult);
            if (result == null)
            {
                return;
            }

            start.RegisterOperationAction(c =>
            {
                var call = (IInvocationOperation)c.Operation;
                if (!(call.Parent is IExpressionStatementOperation))
                {
                    return;
                }

                if (!call.TargetMethod.Name.StartsWith("Ioctl", StringComparison.Ordinal))
                {
                    return;
                }

                if (!SymbolEqualityComparer.Default.Equals(call.TargetMethod.ReturnType, result))
                {
                    return;
                }

                c.ReportDiagnostic(Diagnostic.Create(Rules.ResultDiscarded, call.Syntax.GetLocation(), call.TargetMethod.Name));
            }, OperationKind.Invocation);
        });
    }
}
