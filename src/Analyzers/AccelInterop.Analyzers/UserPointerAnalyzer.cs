using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AccelInterop.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AccelInterop.Analyzers;

/// <summary>
/// UAPI0004: a [UserPointer] member given an address the GC may move: <c>Unsafe.AsPointer</c>
/// of a reference into managed memory (not a local), or a pointer from a <c>fixed</c> statement
/// when the ioctl that takes the struct runs after that statement has ended.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UserPointerAnalyzer : DiagnosticAnalyzer
{
    private const string UserPointer = RuntimeNames.UserPointerAttribute;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.UnpinnedPointer);

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
            var calls = IoctlCall.In(block).ToList();
            foreach (var op in block.Descendants())
            {
                if (!(op is ISimpleAssignmentOperation assignment) || !(assignment.Target is IMemberReferenceOperation target))
                {
                    continue;
                }

                if (!target.Member.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == UserPointer))
                {
                    continue;
                }

                if (UnpinnedAddress(assignment.Value) is IOperation unpinned)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rules.UnpinnedPointer, unpinned.Syntax.GetLocation(), target.Member.Name,
                        "it is the address of managed memory that is not pinned"));
                    continue;
                }
                if (!(target.Instance is ILocalReferenceOperation holder) || !(EnclosingFixed(assignment, PinnedLocals(assignment.Value)) is FixedStatementSyntax scope))
                {
                    continue;
                }
                // Only calls for which this write is still the member's latest one.
                var later = block.Descendants().OfType<ISimpleAssignmentOperation>().Where(a => a != assignment
                    && a.Target is IMemberReferenceOperation t && SymbolEqualityComparer.Default.Equals(t.Member, target.Member)
                    && t.Instance is ILocalReferenceOperation h && SymbolEqualityComparer.Default.Equals(h.Local, holder.Local)
                    && a.Syntax.SpanStart > assignment.Syntax.SpanStart).Select(a => a.Syntax.SpanStart).ToList();
                foreach (var call in calls.Where(c => SymbolEqualityComparer.Default.Equals(c.Argument, holder.Local) && c.Invocation.Syntax.SpanStart > scope.Span.End
                             && !later.Any(w => w < c.Invocation.Syntax.SpanStart)))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rules.UnpinnedPointer, call.Invocation.Syntax.GetLocation(), target.Member.Name,
                        $"it was pinned by a fixed statement (line {scope.GetLocation().GetLineSpan().StartLinePosition.Line + 1}) that has ended before this call"));
                }
            }
        }
    }

    /// <summary><c>Unsafe.AsPointer(ref r)</c> inside the value where r is not a local or a by-value parameter.</summary>
    private static IOperation? UnpinnedAddress(IOperation value)
    {
        foreach (var op in new[] { value }.Concat(value.Descendants()))
        {
            if (!(op is IInvocationOperation call) || call.TargetMethod.Name != "AsPointer"
                || call.TargetMethod.ContainingType?.ToDisplayString() != "System.Runtime.CompilerServices.Unsafe" || call.Arguments.Length != 1)
            {
                continue;
            }

            var reference = IoctlCall.Unwrap(call.Arguments[0].Value);
            var onStack = reference is ILocalReferenceOperation l && !l.Local.RefKind.IsByRef()
                || reference is IParameterReferenceOperation p && p.Parameter.RefKind == RefKind.None;
            if (!onStack)
            {
                return call;
            }
        }
        return null;
    }

    private static HashSet<ILocalSymbol> PinnedLocals(IOperation value) => new HashSet<ILocalSymbol>(
        new[] { value }.Concat(value.Descendants()).OfType<ILocalReferenceOperation>().Select(l => l.Local), SymbolEqualityComparer.Default);

    /// <summary>The fixed statement declaring one of <paramref name="locals"/> that encloses <paramref name="op"/>.</summary>
    private static FixedStatementSyntax? EnclosingFixed(IOperation op, HashSet<ILocalSymbol> locals)
    {
        // IFixedOperation is not public: the statement is found from the syntax.
        foreach (var f in op.Syntax.Ancestors().OfType<FixedStatementSyntax>())
        {
            if (locals.Any(l => l.DeclaringSyntaxReferences.Any(r => f.Declaration.Span.Contains(r.Span))))
            {
                return f;
            }
        }

        return null;
    }
}

internal static class RefKindExtensions
{
    public static bool IsByRef(this RefKind kind) => kind != RefKind.None;
}
