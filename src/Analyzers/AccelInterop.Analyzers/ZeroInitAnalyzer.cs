using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AccelInterop.Analyzers;

/// <summary>
/// UAPI0007: a uAPI struct local passed to an ioctl that was never zeroed: made with
/// <c>Unsafe.SkipInit</c>, or declared without initializer where <c>[SkipLocalsInit]</c> applies
/// (its padding and any member not assigned then hold stack garbage the kernel reads).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ZeroInitAnalyzer : DiagnosticAnalyzer
{
    private const string SkipLocalsInit = "System.Runtime.CompilerServices.SkipLocalsInitAttribute";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.NotZeroed);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = new UapiTypes();
            start.RegisterOperationBlockAction(c => Analyze(c, types));
        });
    }

    private static void Analyze(OperationBlockAnalysisContext context, UapiTypes types)
    {
        foreach (var block in context.OperationBlocks)
        {
            var passed = new HashSet<ILocalSymbol>(IoctlCall.In(block).Select(c => c.Argument).OfType<ILocalSymbol>(), SymbolEqualityComparer.Default);
            if (passed.Count == 0)
            {
                continue;
            }

            var skipLocalsInit = SkipsLocalsInit(context.OwningSymbol);
            foreach (var op in block.Descendants())
            {
                if (op is IInvocationOperation call && call.TargetMethod.Name == "SkipInit"
                    && call.TargetMethod.ContainingType?.ToDisplayString() == "System.Runtime.CompilerServices.Unsafe"
                    && call.Arguments.Length == 1 && IoctlCall.Unwrap(call.Arguments[0].Value) is ILocalReferenceOperation local
                    && passed.Contains(local.Local) && types.IsUapiStruct(local.Local.Type))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rules.NotZeroed, call.Syntax.GetLocation(), local.Local.Name, "Unsafe.SkipInit"));
                }
                else if (skipLocalsInit && op is IVariableDeclaratorOperation declarator && declarator.GetVariableInitializer() == null
                    && passed.Contains(declarator.Symbol) && types.IsUapiStruct(declarator.Symbol.Type))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rules.NotZeroed, declarator.Syntax.GetLocation(), declarator.Symbol.Name, "[SkipLocalsInit]"));
                }
            }
        }
    }

    /// <summary>[SkipLocalsInit] on the method, an enclosing type, or the module.</summary>
    private static bool SkipsLocalsInit(ISymbol symbol)
    {
        for (var s = symbol; s != null; s = s.ContainingSymbol)
        {
            if (s.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == SkipLocalsInit))
            {
                return true;
            }

            if (s is IModuleSymbol || s is IAssemblySymbol)
            {
                break;
            }
        }
        return symbol.ContainingModule?.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == SkipLocalsInit) == true;
    }
}
