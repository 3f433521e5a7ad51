using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Greenlets.Analyzers;

/// <summary>
/// Fixes for calls that block the hub (GRN0100, GRN0101): the call's green form where the catalog names one
/// (<c>Thread.Sleep(500)</c> to <c>Greenlet.Sleep(0.5)</c>), and for any call, running it on GreenThreadPool.
/// Each is offered only when the referenced runtime has the green API.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GreenFormCodeFixProvider)), Shared]
public sealed class GreenFormCodeFixProvider : CodeFixProvider
{
    /// <summary>The equivalence key of the green-form fix; fix-all applies it to every call of the same kind.</summary>
    public const string GreenFormKey = "Greenlet.UseGreenForm.";

    /// <summary>
    /// The equivalence key of every <c>File.*</c> to <c>GreenFile.*</c> fix: one kind, so fix-all (and
    /// <c>dotnet format</c>, which applies one key per pass) rewrites every whole-file call at once.
    /// </summary>
    public const string GreenFileKey = GreenFormKey + "GreenFile";

    /// <summary>The equivalence key of the GreenThreadPool fix.</summary>
    public const string ThreadPoolKey = "Greenlet.RunOnGreenThreadPool";

    private static readonly SyntaxAnnotation[] s_simplify = { Simplifier.Annotation, Simplifier.AddImportsAnnotation };

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BlockingCall.Id, DiagnosticDescriptors.BlockingHelper.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => new BlockingCallsFixAll(this);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax call
                || IsClaimedByAVariableFix(root, model, diagnostic, context.CancellationToken))
            {
                continue; // a semaphore or a socket that can turn green: that fix, not a wrap
            }

            if (diagnostic.Id == DiagnosticDescriptors.BlockingCall.Id && Plan(call, model, diagnostic, context.CancellationToken) is { } green)
            {
                var title = $"Use {green.TypeName.Substring(green.TypeName.LastIndexOf('.') + 1)}.{green.Method}";
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => Replace(context.Document, call, green.ToSyntax(annotateType: s_simplify), ct), green.TypeName == GreenForms.GreenFileType ? GreenFileKey : GreenFormKey + green.Method),
                    diagnostic);
            }

            if (!diagnostic.Properties.ContainsKey(DiagnosticDescriptors.NoThreadPoolProperty) && CanRunOnThreadPool(call, model, context.CancellationToken))
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Run it on GreenThreadPool", ct => Replace(context.Document, call, OnThreadPool(call), ct), ThreadPoolKey),
                    diagnostic);
            }
        }
    }

    private static bool IsClaimedByAVariableFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        diagnostic.Id == DiagnosticDescriptors.BlockingCall.Id
        && (GreenSemaphoreCodeFixProvider.Fix.Claims(root, model, diagnostic, cancellationToken)
            || GreenSocketCodeFixProvider.Fix.Claims(root, model, diagnostic, cancellationToken));

    /// <summary>
    /// For fix-all: each call of <paramref name="diagnostics"/> replaced by its green form, or by the thread-pool wrap
    /// when it has none and may move to a thread.
    /// </summary>
    internal async Task<Document> FixCallsAsync(Document document, IReadOnlyList<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax call || replacements.ContainsKey(call))
            {
                continue;
            }

            ExpressionSyntax? replacement = diagnostic.Id == DiagnosticDescriptors.BlockingCall.Id && Plan(call, model, diagnostic, cancellationToken) is { } green
                ? green.ToSyntax(annotateType: s_simplify)
                : !diagnostic.Properties.ContainsKey(DiagnosticDescriptors.NoThreadPoolProperty) && CanRunOnThreadPool(call, model, cancellationToken)
                    ? OnThreadPool(call)
                    : null;
            if (replacement is not null)
            {
                replacements.Add(call, replacement.WithTriviaFrom(call)
                    .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)
                    .WithAdditionalAnnotations(BlockingCallsFixAll.MarksOf(call)));
            }
        }

        return replacements.Count == 0 ? document : document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
    }

    private static GreenCall? Plan(ExpressionSyntax call, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticDescriptors.GreenFormProperty, out var formName)
            || !System.Enum.TryParse<GreenForm>(formName, out var form)
            || form is GreenForm.None or GreenForm.ThreadPool
            || HelperWalker.CalledMember(model.GetOperation(call, cancellationToken)!) is not { } member)
        {
            return null;
        }

        var green = GreenForms.Plan(call, member, new BlockingApi("", member.Name, "", form), model, cancellationToken);
        return green?.FindTarget(model.Compilation) is null ? null : green;
    }

    /// <summary>Whether the call can move into a lambda: the thread pool exists, and nothing passed is by reference or a ref struct.</summary>
    private static bool CanRunOnThreadPool(ExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.Compilation.GetTypeByMetadataName(GreenForms.GreenThreadPoolType) is null
            || model.GetOperation(call, cancellationToken) is not { } operation
            || operation.Type is { IsRefLikeType: true })
        {
            return false;
        }

        return !HelperWalker.Descendants(operation).Any(o =>
            o is IArgumentOperation { Parameter.RefKind: not RefKind.None }
            || o.Type is { IsRefLikeType: true }
            || o is IInstanceReferenceOperation { Type.IsValueType: true });
    }

    /// <summary><c>GreenThreadPool.Default.Apply(() => call)</c>.</summary>
    private static ExpressionSyntax OnThreadPool(ExpressionSyntax call) =>
        InvocationExpression(
            MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    ParseExpression("global::" + GreenForms.GreenThreadPoolType).WithAdditionalAnnotations(s_simplify),
                    IdentifierName("Default")),
                IdentifierName("Apply")),
            ArgumentList(SingletonSeparatedList(Argument(ParenthesizedLambdaExpression(call.WithoutTrivia())))));

    private static async Task<Document> Replace(Document document, ExpressionSyntax call, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var annotated = replacement
            .WithTriviaFrom(call)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        return document.WithSyntaxRoot(root!.ReplaceNode(call, annotated));
    }
}
