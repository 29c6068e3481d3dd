using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AccelInterop.Analyzers;

/// <summary>UAPI0002: a constant with bits outside the [FlagFamily(typeof(E))] enum of the member it is written to.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FlagFamilyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.FlagOutsideFamily);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var attribute = start.Compilation.GetTypeByMetadataName(AbiNames.FlagFamily);
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
        if (assignment is ICompoundAssignmentOperation compound && compound.OperatorKind != BinaryOperatorKind.Or)
        {
            return;
        }

        if (!(assignment.Target is IMemberReferenceOperation target))
        {
            return;
        }

        var data = AbiNames.Find(target.Member, attribute);
        if (data == null || data.ConstructorArguments.Length != 1 || !(data.ConstructorArguments[0].Value is INamedTypeSymbol family))
        {
            return;
        }

        if (!(Bits(assignment.Value.ConstantValue) is ulong value) || value == 0)
        {
            return;
        }

        var mask = 0UL;
        foreach (var m in family.GetMembers())
        {
            if (m is IFieldSymbol f && f.HasConstantValue && Bits(Optional(f.ConstantValue)) is ulong bits)
            {
                mask |= bits;
            }
        }

        var outside = value & ~mask;
        if (outside == 0)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rules.FlagOutsideFamily, assignment.Value.Syntax.GetLocation(),
            target.Member.Name, family.Name, outside));
    }

    private static Optional<object?> Optional(object? value) => new Optional<object?>(value);

    private static ulong? Bits(Optional<object?> constant)
    {
        if (!constant.HasValue || constant.Value == null)
        {
            return null;
        }

        try
        {
            return constant.Value switch
            {
                long l => unchecked((ulong)l),
                int i => unchecked((ulong)(long)i),
                short s => unchecked((ulong)(long)s),
                sbyte b => unchecked((ulong)(long)b),
                _ => Convert.ToUInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture),
            };
        }
        catch (Exception e) when (e is InvalidCastException || e is FormatException || e is OverflowException)
        {
            return null;
        }
    }
}
