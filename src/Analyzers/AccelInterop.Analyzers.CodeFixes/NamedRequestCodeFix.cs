using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AccelInterop.Analyzers.CodeFixes;

/// <summary>UAPI0003: the literal becomes <c>Class.NAME.Value</c> (same overload, the running architecture's number).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NamedRequestCodeFix)), Shared]
public sealed class NamedRequestCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("UAPI0003");

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
            if (!diagnostic.Properties.TryGetValue(RawRequestAnalyzer.RequestProperty, out var request) || request == null)
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var literal = node is ArgumentSyntax argument ? argument.Expression : node as ExpressionSyntax;
            if (literal == null)
            {
                continue;
            }

            context.RegisterCodeFix(CodeAction.Create($"Use {request}", _ =>
            {
                var replacement = SyntaxFactory.ParseExpression(request + ".Value").WithTriviaFrom(literal);
                return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(literal, replacement)));
            }, equivalenceKey: "UAPI0003.NamedRequest"), diagnostic);
        }
    }
}
