using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AccelInterop.Analyzers.CodeFixes;

/// <summary>UAPI0001: writes 0 instead of the non-zero constant.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WriteZeroCodeFix)), Shared]
public sealed class WriteZeroCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("UAPI0001");

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
            if (!(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is AssignmentExpressionSyntax assignment))
            {
                continue;
            }

            context.RegisterCodeFix(CodeAction.Create("Write 0", _ =>
            {
                var zero = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0))
                    .WithTriviaFrom(assignment.Right);
                // |= 0 would be odd: a compound write becomes a plain one.
                var fixedAssignment = assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                    ? assignment.WithRight(zero)
                    : SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, assignment.Left,
                        SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTriviaFrom(assignment.OperatorToken), zero);
                return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(assignment, fixedAssignment)));
            }, equivalenceKey: "UAPI0001.WriteZero"), diagnostic);
        }
    }
}
