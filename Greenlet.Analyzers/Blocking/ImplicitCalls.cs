using System.Collections.Immutable;
using System.Linq;
using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Greenlets.Analyzers;

/// <summary>What one [Greenlet] method's analysis shares: the catalog, the helper walk, the implementations and the body's data flow.</summary>
internal sealed record CallScope(IMethodSymbol Greenlet, BlockingApis Blocking, HelperWalker Walker, Implementations Implementations, LocalFlow Flow, bool Patching);

/// <summary>
/// Blocking code a [Greenlet] method runs without naming it: the Dispose at the end of a using, the enumeration of
/// a consuming enumerable, a delegate whose target the method itself set, and every implementation of an
/// interface or virtual method.
/// </summary>
internal static class ImplicitCalls
{
    private static readonly ImmutableDictionary<string, string?> s_noThreadPool =
        ImmutableDictionary<string, string?>.Empty.Add(DiagnosticDescriptors.NoThreadPoolProperty, "true");

    /// <summary>
    /// Whether the call must stay on its thread, or returns something tied to it, so that running it on the thread
    /// pool would be wrong: locks owned by a thread, and lazy sequences that block when enumerated.
    /// </summary>
    public static bool IsThreadBound(IOperation operation, ISymbol member) =>
        member.ContainingType?.Name is "Monitor" or "ReaderWriterLockSlim" or "ReaderWriterLock" or "SpinLock" or "Mutex"
        || member.Name is "GetConsumingEnumerable" or "ReadLines"
        || (member.Name == "WaitOne" && operation is IInvocationOperation { Instance.Type.Name: "Mutex" });

    /// <summary><c>using (var session = new Session())</c> whose Dispose blocks.</summary>
    public static void AnalyzeUsing(OperationAnalysisContext context, CallScope scope)
    {
        if (BlockingCallAnalyzer.IsInsideLambda(context.Operation))
        {
            return;
        }

        var resources = context.Operation switch
        {
            IUsingOperation { Resources: var resource } => resource,
            IUsingDeclarationOperation { DeclarationGroup: var group } => group,
            _ => null,
        };
        if (resources is null)
        {
            return;
        }

        var disposable = context.Compilation.GetSpecialType(SpecialType.System_IDisposable).GetMembers("Dispose").FirstOrDefault();
        foreach (var (value, syntax) in Resources(resources))
        {
            if (scope.Flow.ConcreteType(value) is not INamedTypeSymbol type
                || disposable is null
                || type.FindImplementationForInterfaceMember(disposable) is not IMethodSymbol dispose
                || BlockingPath(dispose, scope, context.CancellationToken) is not { } path)
            {
                continue;
            }

            var name = type.Name + ".Dispose";
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.BlockingHelper,
                syntax.GetLocation(),
                s_noThreadPool,
                name,
                BlockingCallAnalyzer.Path(scope.Greenlet, name, path.RemoveAt(0)),
                scope.Greenlet.Name,
                "the using calls it at the end of its block; avoid the call to " + path[path.Length - 1]));
        }
    }

    private static ImmutableArray<(IOperation Value, SyntaxNode Syntax)> Resources(IOperation resources)
    {
        if (resources is not IVariableDeclarationGroupOperation group)
        {
            return ImmutableArray.Create((resources, resources.Syntax));
        }

        return group.Declarations
            .SelectMany(d => d.Declarators)
            .Where(d => d.Initializer is not null)
            .Select(d => (d.Initializer!.Value, d.Syntax))
            .ToImmutableArray();
    }

    /// <summary><c>foreach (var item in items)</c> where <c>items</c> holds a <c>GetConsumingEnumerable()</c>: each step blocks.</summary>
    public static void AnalyzeForEach(OperationAnalysisContext context, CallScope scope)
    {
        if (context.Operation is not IForEachLoopOperation loop || BlockingCallAnalyzer.IsInsideLambda(loop))
        {
            return;
        }

        var collection = loop.Collection is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : loop.Collection;
        if (collection is IInvocationOperation
            || scope.Flow.Trace(collection) is not IInvocationOperation { TargetMethod.Name: "GetConsumingEnumerable" } source
            || scope.Blocking.Find(source.TargetMethod) is not { } api)
        {
            return; // a call written in the foreach itself is reported at the call
        }

        var properties = s_noThreadPool.Add(DiagnosticDescriptors.GreenFormProperty, api.Form.ToString());
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BlockingCall, collection.Syntax.GetLocation(), properties, BlockingApis.Display(source.TargetMethod), scope.Greenlet.Name, api.Advice));
    }

    /// <summary><c>backoff()</c>, where the method set <c>Action backoff = () => Thread.Sleep(100);</c> and nothing else.</summary>
    public static void AnalyzeDelegateCall(OperationAnalysisContext context, IInvocationOperation call, CallScope scope)
    {
        if (call.Instance is null || scope.Flow.Trace(call.Instance) is not IDelegateCreationOperation creation)
        {
            return;
        }

        var name = Unwrapped(call.Instance) is ILocalReferenceOperation local ? local.Local.Name : "lambda";
        ImmutableArray<string>? path = null;
        switch (creation.Target)
        {
            case IMethodReferenceOperation { Method: var method }:
                path = BlockingPath(method, scope, context.CancellationToken);
                break;
            case IAnonymousFunctionOperation lambda:
                foreach (var operation in HelperWalker.Descendants(lambda.Body))
                {
                    if (HelperWalker.CalledMember(operation) is not { } member)
                    {
                        continue;
                    }

                    path = scope.Blocking.Find(member) is not null
                        ? (HarmlessWaits.IsHarmless(operation, member, scope.Flow) ? null : ImmutableArray.Create(BlockingApis.Display(member)))
                        : HelperWalker.WalkTarget(operation, member) is { MethodKind: not MethodKind.LocalFunction } target ? BlockingPath(target, scope, context.CancellationToken) : null;
                    if (path is not null)
                    {
                        break;
                    }
                }

                break;
        }

        if (path is { } through)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.BlockingHelper,
                call.Syntax.GetLocation(),
                name,
                BlockingCallAnalyzer.Path(scope.Greenlet, name, through),
                scope.Greenlet.Name,
                "avoid the call to " + through[through.Length - 1]));
        }
    }

    /// <summary>A call through an interface or a virtual method, reported when every implementation the compilation has blocks.</summary>
    public static void ReportDispatch(OperationAnalysisContext context, Location location, IMethodSymbol method, CallScope scope)
    {
        var bodies = scope.Implementations.Of(method, context.CancellationToken);
        if (bodies.IsEmpty)
        {
            return;
        }

        ImmutableArray<string>? first = null;
        foreach (var body in bodies)
        {
            if (BlockingPath(body, scope, context.CancellationToken) is not { } path)
            {
                return;
            }

            first ??= path;
        }

        var name = method.ContainingType.Name + "." + method.Name;
        var which = bodies.Length == 1
            ? $"its only implementation, {Qualified(bodies[0])}, blocks"
            : $"every implementation blocks ({string.Join(", ", bodies.Select(Qualified))})";
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BlockingHelper,
            location,
            name,
            BlockingCallAnalyzer.Path(scope.Greenlet, name, first!.Value),
            scope.Greenlet.Name,
            which + "; avoid the call to " + first!.Value[first.Value.Length - 1]));
    }

    /// <summary>How a method blocks, starting with itself: <c>[FileConfigSource.Load, File.ReadAllText]</c>; null if it does not.</summary>
    private static ImmutableArray<string>? BlockingPath(IMethodSymbol method, CallScope scope, System.Threading.CancellationToken cancellationToken)
    {
        if (scope.Blocking.Find(method) is not null)
        {
            return ImmutableArray.Create(BlockingApis.Display(method));
        }

        return scope.Walker.IsWalkable(method) && scope.Walker.Summarize(method, cancellationToken).BlockingPath is { } path
            ? path.Insert(0, Qualified(method))
            : null;
    }

    private static string Qualified(IMethodSymbol method) =>
        method.MethodKind is MethodKind.Constructor or MethodKind.LocalFunction ? HelperWalker.StepName(method) : method.ContainingType.Name + "." + HelperWalker.StepName(method);

    private static IOperation Unwrapped(IOperation value) => value is IConversionOperation conversion ? Unwrapped(conversion.Operand) : value;
}
