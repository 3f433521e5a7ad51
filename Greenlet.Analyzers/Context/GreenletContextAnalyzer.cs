using System.Collections.Immutable;
using System.Linq;
using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Greenlets.Analyzers;

/// <summary>
/// Greenlet code that would run outside its rewritten form: a [Greenlet] method turned into a plain delegate
/// inside a greenlet (GRN0201), a lambda that suspends handed to a greenlet (GRN0202), and async code inside a
/// [Greenlet] method (GRN0203).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GreenletContextAnalyzer : DiagnosticAnalyzer
{
    private const string RuntimeNamespace = "Greenlets";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.GreenletMethodAsDelegate,
        DiagnosticDescriptors.SuspendingLambdaSpawned,
        DiagnosticDescriptors.AsyncInsideGreenlet);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(KnownNames.GreenletAttribute) is null)
            {
                return;
            }

            start.RegisterOperationBlockStartAction(block =>
            {
                var greenlet = block.OwningSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && CallClassifier.IsGreenletMethod(method)
                    ? method
                    : null;
                block.RegisterOperationAction(operation => AnalyzeLambda(operation, greenlet), OperationKind.AnonymousFunction);
                if (greenlet is not null)
                {
                    block.RegisterOperationAction(operation => AnalyzeDelegate(operation, greenlet), OperationKind.DelegateCreation);
                    block.RegisterOperationAction(operation => AnalyzeLocalFunction(operation, greenlet), OperationKind.LocalFunction);
                }
            });
        });
    }

    private static void AnalyzeLambda(OperationAnalysisContext context, IMethodSymbol? greenlet)
    {
        var lambda = (IAnonymousFunctionOperation)context.Operation;
        if (greenlet is not null)
        {
            if (lambda.Symbol.IsAsync && !BlockingCallAnalyzer.IsInsideLambda(lambda))
            {
                ReportAsync(context, lambda.Syntax, "lambda", greenlet);
            }

            return; // a suspension point in a lambda of a [Greenlet] method is the generator's error GRN0002
        }

        if (lambda.Parent is not IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation spawn } }
            || spawn.TargetMethod.ContainingNamespace?.ToDisplayString() != RuntimeNamespace
            || RunsItsDelegateAsTheMainGreenlet(spawn.TargetMethod))
        {
            return;
        }

        var suspending = HelperWalker.Descendants(lambda.Body)
            .OfType<IInvocationOperation>()
            .Where(i => HelperWalker.SuspendsInPlainCode(i, i.TargetMethod))
            .Select(i => i.TargetMethod)
            .FirstOrDefault();
        if (suspending is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.SuspendingLambdaSpawned, lambda.Syntax.GetLocation(), BlockingApis.Display(spawn.TargetMethod), BlockingApis.Display(suspending)));
        }
    }

    /// <summary>
    /// <c>Simulation.RunSeeds</c> calls its body as plain code on the main greenlet of each seed's hub, where a
    /// cooperative call runs the hub until it is done, as it does in <c>Main</c>: nothing there would throw.
    /// </summary>
    private static bool RunsItsDelegateAsTheMainGreenlet(IMethodSymbol method) =>
        method is { Name: "RunSeeds", ContainingType: { Name: "Simulation", ContainingType: null } };

    private static void AnalyzeDelegate(OperationAnalysisContext context, IMethodSymbol greenlet)
    {
        var creation = (IDelegateCreationOperation)context.Operation;
        if (creation.Target is not IMethodReferenceOperation { Method: { } target } || !CallClassifier.IsGreenletMethod(target)
            || BlockingCallAnalyzer.IsInsideLambda(creation))
        {
            return;
        }

        // Passed to the runtime (Spawn, Pool.Spawn, Group.Map...), the delegate reaches the rewritten form.
        if (creation.Parent is IArgumentOperation { Parent: IInvocationOperation call }
            && call.TargetMethod.ContainingNamespace?.ToDisplayString() == RuntimeNamespace)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GreenletMethodAsDelegate, creation.Syntax.GetLocation(), target.Name, greenlet.Name));
    }

    private static void AnalyzeLocalFunction(OperationAnalysisContext context, IMethodSymbol greenlet)
    {
        var local = (ILocalFunctionOperation)context.Operation;
        if (local.Symbol.IsAsync && local.Syntax is LocalFunctionStatementSyntax syntax)
        {
            ReportAsync(context, syntax, "local function", greenlet);
        }
    }

    private static void ReportAsync(OperationAnalysisContext context, SyntaxNode syntax, string what, IMethodSymbol greenlet)
    {
        var asyncKeyword = syntax.ChildTokens().FirstOrDefault(t => t.IsKind(SyntaxKind.AsyncKeyword));
        if (syntax is LocalFunctionStatementSyntax local)
        {
            asyncKeyword = local.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword));
        }

        var location = asyncKeyword.IsKind(SyntaxKind.AsyncKeyword) ? asyncKeyword.GetLocation() : syntax.GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AsyncInsideGreenlet, location, what, greenlet.Name));
    }
}
