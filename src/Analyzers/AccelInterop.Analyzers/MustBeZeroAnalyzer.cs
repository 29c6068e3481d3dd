using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AccelInterop.Analyzers;

/// <summary>UAPI0001: a constant non-zero value assigned to a [MustBeZero] member or to an element of one.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MustBeZeroAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.MustBeZero);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var attribute = start.Compilation.GetTypeByMetadataName(AbiNames.MustBeZero);
            if (attribute == null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, attribute), OperationKind.SimpleAssignment, OperationKind.CompoundAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol attribute)
    {
        var assignment = (IAssignmentOperation)context.Operation;
        if (!(MemberWritten(assignment.Target) is ISymbol member) || AbiNames.Find(member, attribute) == null)
        {
            return;
        }

        var value = assignment.Value.ConstantValue;
        // pad = 1 on an inline-array member does not compile (CS0029), but the intent is still worth naming.
        if (!value.HasValue && assignment.Value is IConversionOperation conversion)
        {
            value = conversion.Operand.ConstantValue;
        }

        if (!value.HasValue || IsZero(value.Value))
        {
            return;
        }
        // x |= 0 and x &= anything keep a zero member zero.
        if (assignment is ICompoundAssignmentOperation compound && compound.OperatorKind == BinaryOperatorKind.And)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rules.MustBeZero, assignment.Syntax.GetLocation(), member.Name, value.Value));
    }

    /// <summary>The field or property written, directly or through an element of an (inline) array member.</summary>
    internal static ISymbol? MemberWritten(IOperation target)
    {
        switch (target)
        {
            case IMemberReferenceOperation m: return m.Member;
            case IInlineArrayAccessOperation a: return MemberWritten(a.Instance);
            case IArrayElementReferenceOperation e: return MemberWritten(e.ArrayReference);
            case IConversionOperation c: return MemberWritten(c.Operand);
            default: return null;
        }
    }

    private static bool IsZero(object? value) => value switch
    {
        null => false,
        bool b => !b,
        char ch => ch == 0,
        double d => d == 0,
        float f => f == 0,
        decimal m => m == 0,
        _ => System.Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture) == 0,
    };
}
