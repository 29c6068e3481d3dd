using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AccelInterop.Analyzers.CodeFixes;

/// <summary>UAPI0009: <c>Marshal.SizeOf&lt;T&gt;()</c> / <c>Marshal.SizeOf(typeof(T))</c> → <c>Unsafe.SizeOf&lt;T&gt;()</c>. OffsetOf has no one-call equivalent.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnsafeSizeOfCodeFix)), Shared]
public sealed class UnsafeSizeOfCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("UAPI0009");

    private const string Namespace = "System.Runtime.CompilerServices";

    /// <summary>The T of <c>SizeOf&lt;T&gt;()</c> or <c>SizeOf(typeof(T))</c>; null for <c>SizeOf(value)</c>.</summary>
    private static TypeSyntax? TypeSyntaxOf(InvocationExpressionSyntax call, MemberAccessExpressionSyntax access)
    {
        if (access.Name is GenericNameSyntax generic && generic.TypeArgumentList.Arguments.Count == 1)
        {
            return generic.TypeArgumentList.Arguments[0];
        }

        if (call.ArgumentList.Arguments.Count == 1 && call.ArgumentList.Arguments[0].Expression is TypeOfExpressionSyntax typeOf)
        {
            return typeOf.Type;
        }

        return null;
    }

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root == null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax call))
            {
                continue;
            }

            if (!(call.Expression is MemberAccessExpressionSyntax access) || access.Name.Identifier.Text != "SizeOf")
            {
                continue;
            }

            var type = TypeSyntaxOf(call, access);
            if (type == null)
            {
                continue;
            }

            context.RegisterCodeFix(CodeAction.Create("Use Unsafe.SizeOf", _ =>
            {
                var replacement = SyntaxFactory.ParseExpression($"Unsafe.SizeOf<{type}>()").WithTriviaFrom(call);
                var newRoot = root.ReplaceNode(call, replacement);
                if (newRoot is CompilationUnitSyntax unit && !unit.Usings.Any(u => u.Name?.ToString() == Namespace))
                {
                    newRoot = unit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(Namespace)));
                }

                return Task.FromResult(context.Document.WithSyntaxRoot(newRoot));
            }, equivalenceKey: "UAPI0009.UnsafeSizeOf"), diagnostic);
        }
    }
}
