using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AccelInterop.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AccelInterop.Analyzers;

/// <summary>
/// UAPI0008: within one method, a [Handle] member read from an argument after an ioctl on one
/// device file is copied into an argument later passed to an ioctl on another device file.
/// Handles of every kind (<c>gem</c>, <c>syncobj</c>, <c>xe.exec_queue</c>, ...: an open set named per
/// driver) are per open file; file descriptors are not, so <c>[FileDescriptor]</c> members (PRIME
/// export/import) carry no <c>[Handle]</c> and are left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CrossDeviceHandleAnalyzer : DiagnosticAnalyzer
{
    private const string Handle = RuntimeNames.HandleAttribute;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.CrossDeviceHandle);

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
            var calls = IoctlCall.In(block).Where(c => c.Argument != null && c.Device != null).ToList();
            if (calls.Count < 2)
            {
                continue;
            }

            foreach (var assignment in block.Descendants().OfType<ISimpleAssignmentOperation>())
            {
                if (!(IoctlCall.Unwrap(assignment.Value) is IFieldReferenceOperation read) || !IsPerFileHandle(read.Field))
                {
                    continue;
                }

                if (!(read.Instance is ILocalReferenceOperation source))
                {
                    continue;
                }

                if (!(assignment.Target is IMemberReferenceOperation target) || !(target.Instance is ILocalReferenceOperation holder))
                {
                    continue;
                }

                var at = assignment.Syntax.SpanStart;
                // The handle's file: the last ioctl on the source argument before the read.
                var from = calls.Where(c => SymbolEqualityComparer.Default.Equals(c.Argument, source.Local) && c.Invocation.Syntax.Span.End <= at)
                    .OrderBy(c => c.Invocation.Syntax.SpanStart).LastOrDefault();
                if (from == null)
                {
                    continue;
                }

                foreach (var to in calls.Where(c => SymbolEqualityComparer.Default.Equals(c.Argument, holder.Local) && c.Invocation.Syntax.SpanStart > at
                             && !SymbolEqualityComparer.Default.Equals(c.Device, from.Device)))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rules.CrossDeviceHandle, assignment.Syntax.GetLocation(),
                        read.Field.Name, from.Device!.Name, to.Device!.Name));
                }
            }
        }
    }

    private static bool IsPerFileHandle(IFieldSymbol field) =>
        field.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == Handle);
}
