using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using AccelInterop.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AccelInterop.Analyzers;

/// <summary>
/// UAPI0003: a constant request number passed to an untyped <c>Ioctl…(ulong request, …)</c> where
/// the project has a generated request with the same type byte, number and size. Raw numbers
/// are right on one architecture only; the generated request selects the running one's.
/// The generated requests are found in the project's source (what the source generator added).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RawRequestAnalyzer : DiagnosticAnalyzer
{
    public const string RequestProperty = "Request";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rules.RawRequest);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var requests = new Lazy<IReadOnlyList<GeneratedRequest>>(() => GeneratedRequest.In(start.Compilation.Assembly.GlobalNamespace).ToList());
            start.RegisterOperationAction(c => Analyze(c, requests), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, Lazy<IReadOnlyList<GeneratedRequest>> requests)
    {
        var call = (IInvocationOperation)context.Operation;
        if (!call.TargetMethod.Name.StartsWith("Ioctl", StringComparison.Ordinal))
        {
            return;
        }

        var argument = call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "request"
            && (a.Parameter.Type.SpecialType == SpecialType.System_UInt64 || a.Parameter.Type.SpecialType == SpecialType.System_UIntPtr));
        if (argument == null || argument.IsImplicit)
        {
            return;
        }

        var constant = argument.Value.ConstantValue;
        if (!constant.HasValue || constant.Value == null)
        {
            return;
        }

        ulong value;
        try { value = Convert.ToUInt64(constant.Value, CultureInfo.InvariantCulture); }
        catch (OverflowException) { return; }
        var matches = requests.Value.Where(r => r.Matches(value)).ToList();
        if (matches.Count == 0)
        {
            return;
        }

        var names = string.Join(" or ", matches.Take(3).Select(m => m.DisplayName));
        var properties = matches.Count == 1
            ? ImmutableDictionary<string, string?>.Empty.Add(RequestProperty, matches[0].DisplayName)
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(Rules.RawRequest, argument.Value.Syntax.GetLocation(), properties,
            "0x" + value.ToString("x", CultureInfo.InvariantCulture), names));
    }
}

/// <summary>A generated request property and the type byte, number and size its initializer gives.</summary>
internal sealed class GeneratedRequest
{
    private GeneratedRequest(string displayName, ulong type, ulong number, ulong? size)
    {
        DisplayName = displayName;
        Type = type;
        Number = number;
        Size = size;
    }

    /// <summary><c>Namespace.Class.NAME</c>.</summary>
    public string DisplayName { get; }
    public ulong Type { get; }
    public ulong Number { get; }

    /// <summary>Null for an <c>_IO</c> request (no argument).</summary>
    public ulong? Size { get; }

    /// <summary>Type and number sit in the low 16 bits on every Linux architecture; the size in 14 (13 on powerpc/mips) bits above.</summary>
    public bool Matches(ulong value)
    {
        if ((value & 0xff) != Number || ((value >> 8) & 0xff) != Type)
        {
            return false;
        }

        var generic = (value >> 16) & 0x3fff;
        var narrow = (value >> 16) & 0x1fff;
        return Size is ulong s ? generic == s || narrow == s : generic == 0 || narrow == 0;
    }

    public static IEnumerable<GeneratedRequest> In(INamespaceSymbol ns)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol child)
            {
                foreach (var r in In(child))
                {
                    yield return r;
                }

                continue;
            }
            if (!(member is INamedTypeSymbol type) || !type.IsStatic)
            {
                continue;
            }

            foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic && property.Type.Name == "IoctlRequest"
                    && property.Type.ContainingNamespace?.ToDisplayString() == RuntimeNames.IoctlNamespace
                    && From(property) is GeneratedRequest r)
                {
                    yield return r;
                }
            }
        }
    }

    /// <summary>Reads <c>new("NAME", direction, type, nr, size, value)</c> or <c>new("NAME", type, nr, value)</c>.</summary>
    private static GeneratedRequest? From(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (!(reference.GetSyntax() is PropertyDeclarationSyntax declaration)
                || !(declaration.ExpressionBody?.Expression is BaseObjectCreationExpressionSyntax creation)
                || creation.ArgumentList == null)
            {
                continue;
            }

            var args = creation.ArgumentList.Arguments;
            var typed = property.Type is INamedTypeSymbol named && named.IsGenericType;
            var first = typed ? 2 : 1;
            if (args.Count < first + (typed ? 3 : 2))
            {
                continue;
            }

            if (!(Literal(args[first].Expression) is ulong t) || !(Literal(args[first + 1].Expression) is ulong n))
            {
                continue;
            }

            ulong? size = null;
            if (typed)
            {
                if (!(Literal(args[first + 2].Expression) is ulong s))
                {
                    continue;
                }

                size = s;
            }
            return new GeneratedRequest(property.ContainingType.ToDisplayString() + "." + property.Name, t, n, size);
        }
        return null;
    }

    private static ulong? Literal(ExpressionSyntax e)
    {
        if (!(e is LiteralExpressionSyntax literal) || literal.Token.Value == null)
        {
            return null;
        }

        try { return Convert.ToUInt64(literal.Token.Value, CultureInfo.InvariantCulture); }
        catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException) { return null; }
    }
}
