using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AccelInterop.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AccelInterop.Analyzers;

/// <summary>
/// UAPI0005: after a request marked <c>[RequestDirection(IoctlDirection.Write)]</c> (_IOW), a
/// member of the argument is read that the method never set before the call: the kernel does
/// not write it back, so the read sees whatever was there, not an output.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WriteOnlyRequestAnalyzer : DiagnosticAnalyzer
{
    private const string RequestDirection = RuntimeNames.RequestDirectionAttribute;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.ReadAfterWriteOnly);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationBlockAction(Analyze);
    }

    private static void Analyze(OperationBlockAnalysisContext context)
    {
        foreach (var block in context.OperationBlocks)
        {
            foreach (var call in IoctlCall.In(block))
            {
                if (call.Argument == null || call.Request == null || !IsWriteOnly(call.Request))
                {
                    continue;
                }

                var at = call.Invocation.Syntax.Span;
                var written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                var reads = new List<IFieldReferenceOperation>();
                foreach (var op in block.Descendants())
                {
                    if (!(op is IFieldReferenceOperation f) || !IsOf(f, call.Argument))
                    {
                        continue;
                    }

                    if (IsWrite(f))
                    {
                        if (f.Syntax.SpanStart < at.Start)
                        {
                            written.Add(f.Field);
                        }
                    }
                    else if (f.Syntax.SpanStart > at.End)
                    {
                        reads.Add(f);
                    }
                }
                // Initializers (new T { a = 1 }) write through the implicit receiver.
                foreach (var init in block.Descendants().OfType<IVariableDeclaratorOperation>().Where(d => SymbolEqualityComparer.Default.Equals(d.Symbol, call.Argument)))
                {
                    foreach (var assignment in init.Descendants().OfType<ISimpleAssignmentOperation>())
                    {
                        if (assignment.Target is IFieldReferenceOperation t)
                        {
                            written.Add(t.Field);
                        }
                    }
                }

                foreach (var read in reads.Where(r => !written.Contains(r.Field)))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rules.ReadAfterWriteOnly, read.Syntax.GetLocation(),
                        read.Field.Name, call.Request.Name));
                }
            }
        }
    }

    private static bool IsWriteOnly(ISymbol request)
    {
        foreach (var a in request.GetAttributes())
        {
            if (a.AttributeClass?.ToDisplayString() == RequestDirection && a.ConstructorArguments.Length == 1
                && a.ConstructorArguments[0].Value is object v && System.Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) == 1)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOf(IFieldReferenceOperation f, ILocalSymbol local) =>
        f.Instance is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local);

    private static bool IsWrite(IFieldReferenceOperation f) =>
        f.Parent is IAssignmentOperation a && a.Target == f
        || f.Parent is IInlineArrayAccessOperation ia && ia.Parent is IAssignmentOperation a2 && a2.Target == ia;
}
