using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Greenlets.Generators;

/// <summary>A blocking call that the compile-time patch rewrites: the green call, and the awaitable form the twin awaits.</summary>
internal sealed class PatchPlan
{
    public PatchPlan(GreenCall call, string awaitableName)
    {
        Call = call;
        AwaitableName = awaitableName;
    }

    public GreenCall Call { get; }

    public string AwaitableName { get; }

    /// <summary><c>Greenlet.Sleep</c>: how the diagnostics name the replacement.</summary>
    public string Display => Call.TypeName.Substring(Call.TypeName.LastIndexOf('.') + 1) + "." + Call.Method;
}

/// <summary>
/// The compile-time monkey patch, gevent's <c>patch_all()</c> done by the generator: with the MSBuild property
/// <c>GreenletMonkeyPatch</c> set to true, the blocking calls of a [Greenlet] method that have a green form with the
/// same contract are awaited in its twin as that green form. The generator (which rewrites) and the analyzer (which
/// then reports the call as information) decide with the same code.
/// </summary>
internal static class MonkeyPatch
{
    public const string PropertyName = "build_property.GreenletMonkeyPatch";

    public static bool IsEnabled(AnalyzerConfigOptions globalOptions) =>
        globalOptions.TryGetValue(PropertyName, out var value) && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// How the twin rewrites this blocking call, or null when it stays as written: its green form differs in
    /// meaning, the runtime lacks it, or an await cannot go there (a lambda, a lock, a local function, an argument that suspends).
    /// </summary>
    public static PatchPlan? Plan(ExpressionSyntax expression, ISymbol member, BlockingApi api, SemanticModel model, CancellationToken cancellationToken)
    {
        if (!api.Patchable
            || SuspensionPosition.WhyNotRewritable(expression) is not null
            || expression.Ancestors().TakeWhile(a => a is not MemberDeclarationSyntax).Any(a => a is LocalFunctionStatementSyntax)
            || GreenForms.Plan(expression, member, api, model, cancellationToken) is not { } call
            || call.FindTarget(model.Compilation) is not { } target
            || CallClassifier.AttributeArgument(target, KnownNames.CooperativeAttribute) is not { } awaitableName)
        {
            return null;
        }

        var suspendsInside = expression.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Any(inner => CallClassifier.Classify(inner, model, Array.Empty<IMethodSymbol>(), cancellationToken).Suspends);
        return suspendsInside ? null : new PatchPlan(call, awaitableName);
    }
}
