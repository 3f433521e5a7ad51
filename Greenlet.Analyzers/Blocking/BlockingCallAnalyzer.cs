using System.Collections.Immutable;
using System.Linq;
using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Greenlets.Analyzers;

/// <summary>
/// Inside [Greenlet] methods: calls that block the hub (GRN0100), directly or through plain helpers (GRN0101);
/// calls the compile-time patch rewrites (GRN0102); lock statements around such calls (GRN0104); plain helpers
/// that suspend (GRN0200); and delegates that suspend, handed to a method that calls them (GRN0204).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.BlockingCall,
        DiagnosticDescriptors.BlockingHelper,
        DiagnosticDescriptors.PatchedBlockingCall,
        DiagnosticDescriptors.UnreadableCatalogLine,
        DiagnosticDescriptors.LockAroundBlocking,
        DiagnosticDescriptors.PlainHelperSuspends,
        DiagnosticDescriptors.SuspendingDelegateInvoked);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(KnownNames.GreenletAttribute) is null)
            {
                return; // the project does not use Greenlet
            }

            var blocking = BlockingApis.Create(start.Compilation, start.Options.AdditionalFiles, start.CancellationToken);
            var walker = new HelperWalker(start.Compilation, blocking);
            var implementations = new Implementations(start.Compilation);
            var patching = MonkeyPatch.IsEnabled(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
            if (!blocking.CatalogErrors.IsEmpty)
            {
                start.RegisterCompilationEndAction(end =>
                {
                    foreach (var error in blocking.CatalogErrors)
                    {
                        end.ReportDiagnostic(error);
                    }
                });
            }

            start.RegisterOperationBlockStartAction(block =>
            {
                if (block.OwningSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method || !CallClassifier.IsGreenletMethod(method))
                {
                    return;
                }

                var scope = new CallScope(method, blocking, walker, implementations, new LocalFlow(block.OperationBlocks), patching);
                block.RegisterOperationAction(
                    operation => AnalyzeCall(operation, scope),
                    OperationKind.Invocation,
                    OperationKind.PropertyReference,
                    OperationKind.ObjectCreation);
                block.RegisterOperationAction(operation => ImplicitCalls.AnalyzeUsing(operation, scope), OperationKind.Using, OperationKind.UsingDeclaration);
                block.RegisterOperationAction(operation => ImplicitCalls.AnalyzeForEach(operation, scope), OperationKind.Loop);
                block.RegisterOperationAction(operation => LockStatementAnalysis.Analyze(operation, method, blocking, walker), OperationKind.Lock);
            });
        });
    }

    private static void AnalyzeCall(OperationAnalysisContext context, CallScope scope)
    {
        var operation = context.Operation;
        var (greenlet, blocking, walker) = (scope.Greenlet, scope.Blocking, scope.Walker);
        if (HelperWalker.CalledMember(operation) is not { } member || IsInsideLambda(operation))
        {
            return;
        }

        if (blocking.Find(member) is { } api)
        {
            if (!HarmlessWaits.IsHarmless(operation, member, scope.Flow))
            {
                ReportBlocking(context, operation, member, api, greenlet, scope.Patching);
            }

            return;
        }

        var instance = Receiver(operation);
        if (instance is not null && ReceiverBlocks(operation, member, instance, scope) is { } refined)
        {
            if (!HarmlessWaits.IsHarmless(operation, member, scope.Flow))
            {
                ReportBlocking(context, operation, member, refined.Api, greenlet, patching: false, refined.Display);
            }

            return;
        }

        if (operation is IInvocationOperation call)
        {
            ReportSuspendingDelegates(context, call, greenlet, walker);
            if (call.TargetMethod.MethodKind == MethodKind.DelegateInvoke)
            {
                ImplicitCalls.AnalyzeDelegateCall(context, call, scope);
                return;
            }
        }

        // A local function of the greenlet is analyzed where it stands, as part of the greenlet's body.
        if (HelperWalker.WalkTarget(operation, member) is not { } target || target.MethodKind == MethodKind.LocalFunction)
        {
            return;
        }

        if (instance is not null && Implementations.Dispatches(target) && scope.Flow.Trace(instance) is IObjectCreationOperation { Type: INamedTypeSymbol created })
        {
            target = RunBy(created, target) ?? target; // the data flow names the implementation that runs
        }

        if (Implementations.Dispatches(target))
        {
            ImplicitCalls.ReportDispatch(context, operation.Syntax.GetLocation(), target, scope);
            return;
        }

        if (!walker.IsWalkable(target))
        {
            return;
        }

        var summary = walker.Summarize(target, context.CancellationToken);
        var location = operation.Syntax.GetLocation();
        var name = HelperWalker.StepName(target);
        if (summary.BlockingPath is { } path)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.BlockingHelper, location, name, Path(greenlet, name, path), greenlet.Name, "avoid the call to " + path[path.Length - 1]));
        }

        if (summary.SuspendingPath is { } suspending)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.PlainHelperSuspends, location, name, Path(greenlet, name, suspending), greenlet.Name));
        }
    }

    private static IOperation? Receiver(IOperation operation) => operation switch
    {
        IInvocationOperation call => call.Instance,
        IPropertyReferenceOperation property => property.Instance,
        _ => null,
    };

    /// <summary>
    /// A call that blocks because of what its receiver certainly is: <c>Stream.Read</c> on a <c>new FileStream(...)</c>,
    /// <c>TextReader.ReadLine</c> on <c>Console.In</c>.
    /// </summary>
    private static (BlockingApi Api, string Display)? ReceiverBlocks(IOperation operation, ISymbol member, IOperation instance, CallScope scope)
    {
        var traced = scope.Flow.Trace(instance);
        if (member.Name.StartsWith("Read", System.StringComparison.Ordinal) && IsConsoleInput(traced))
        {
            return (s_consoleInput, "Console.In." + member.Name);
        }

        var concrete = scope.Flow.ConcreteType(instance);
        return scope.Blocking.FindOn(concrete, member) is { } api ? (api, concrete!.Name + "." + member.Name) : null;
    }

    private static readonly BlockingApi s_consoleInput = new("System.Console", "In", "read the console on GreenThreadPool", GreenForm.ThreadPool);

    private static bool IsConsoleInput(IOperation value) => value switch
    {
        IPropertyReferenceOperation { Property: { Name: "In", ContainingType.Name: "Console" } } => true,
        IInvocationOperation { TargetMethod: { Name: "OpenStandardInput", ContainingType.Name: "Console" } } => true,
        _ => false,
    };

    /// <summary>The body a call to <paramref name="method"/> runs on an instance of <paramref name="type"/>.</summary>
    private static IMethodSymbol? RunBy(INamedTypeSymbol type, IMethodSymbol method)
    {
        if (method.ContainingType.TypeKind == TypeKind.Interface)
        {
            return type.FindImplementationForInterfaceMember(method) as IMethodSymbol;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var candidate in current.GetMembers(method.Name).OfType<IMethodSymbol>())
            {
                for (var overridden = candidate; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, method.OriginalDefinition))
                    {
                        return candidate;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// GRN0204: a lambda or method group handed to a method of this compilation that calls it, when the delegate's
    /// code suspends. A lambda with a suspension point of its own is the generator's error GRN0002, and a [Greenlet]
    /// method group is GRN0201; this reports the rest: a cooperative method group, or code reaching one through
    /// plain helpers.
    /// </summary>
    private static void ReportSuspendingDelegates(OperationAnalysisContext context, IInvocationOperation call, IMethodSymbol greenlet, HelperWalker walker)
    {
        if (call.TargetMethod.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty)
        {
            return; // the method's body is not in this compilation: whether it calls the delegate is unknown
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.Value is not IDelegateCreationOperation creation
                || argument.Parameter is not { } parameter
                || SuspendingPath(creation, walker, context.CancellationToken) is not { } path
                || !walker.InvokesParameter(parameter, context.CancellationToken))
            {
                continue;
            }

            var what = creation.Target is IMethodReferenceOperation reference ? $"method '{reference.Method.Name}'" : "lambda";
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.SuspendingDelegateInvoked,
                creation.Syntax.GetLocation(),
                call.TargetMethod.Name,
                what,
                "'" + string.Join(" → ", path) + "'",
                greenlet.Name));
        }
    }

    /// <summary>How a delegate's code suspends when it runs as plain code: <c>[Pause, Greenlet.Sleep]</c>; null if it does not, or another diagnostic covers it.</summary>
    private static ImmutableArray<string>? SuspendingPath(IDelegateCreationOperation creation, HelperWalker walker, System.Threading.CancellationToken cancellationToken)
    {
        switch (creation.Target)
        {
            case IMethodReferenceOperation { Method: var method }:
                if (CallClassifier.IsGreenletMethod(method))
                {
                    return null; // GRN0201
                }

                if (CallClassifier.AttributeArgument(method.ReducedFrom ?? method, KnownNames.CooperativeAttribute) is not null)
                {
                    return ImmutableArray.Create(BlockingApis.Display(method));
                }

                return walker.IsWalkable(method) && walker.Summarize(method, cancellationToken).SuspendingPath is { } through
                    ? through.Insert(0, method.Name)
                    : null;

            case IAnonymousFunctionOperation lambda:
                ImmutableArray<string>? found = null;
                foreach (var operation in HelperWalker.Descendants(lambda.Body))
                {
                    if (operation is not IInvocationOperation { TargetMethod: var target } invocation)
                    {
                        continue;
                    }

                    if (HelperWalker.SuspendsInPlainCode(invocation, target))
                    {
                        return null; // a suspension point in a lambda of a [Greenlet] method: GRN0002
                    }

                    if (found is null && target.MethodKind != MethodKind.LocalFunction && walker.IsWalkable(target)
                        && walker.Summarize(target, cancellationToken).SuspendingPath is { } inner)
                    {
                        found = inner.Insert(0, HelperWalker.StepName(target));
                    }
                }

                return found;

            default:
                return null;
        }
    }

    private static void ReportBlocking(OperationAnalysisContext context, IOperation operation, ISymbol member, BlockingApi api, IMethodSymbol greenlet, bool patching, string? display = null)
    {
        if (operation.Syntax is not ExpressionSyntax syntax)
        {
            return;
        }

        // The generator patches with the built-in catalog only; a project's own entries are never patched.
        if (patching && operation.SemanticModel is { } model && BlockingCatalog.BuiltIn.Contains(api)
            && MonkeyPatch.Plan(syntax, member, api, model, context.CancellationToken) is { } plan)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.PatchedBlockingCall, syntax.GetLocation(), BlockingApis.Display(member), plan.Display, greenlet.Name));
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticDescriptors.GreenFormProperty, api.Form.ToString());
        if (ImplicitCalls.IsThreadBound(operation, member))
        {
            properties = properties.Add(DiagnosticDescriptors.NoThreadPoolProperty, "true");
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BlockingCall, syntax.GetLocation(), properties, display ?? BlockingApis.Display(member), greenlet.Name, api.Advice));
    }

    /// <summary><c>'Fetch → LoadConfig → File.ReadAllText'</c>.</summary>
    public static string Path(IMethodSymbol greenlet, string helper, ImmutableArray<string> rest) =>
        "'" + string.Join(" → ", new[] { greenlet.Name, helper }.Concat(rest)) + "'";

    /// <summary>Whether the operation is in a lambda, which is not part of the greenlet's own run.</summary>
    public static bool IsInsideLambda(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }
}
