using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Greenlets.Analyzers;

/// <summary>
/// GRN0206: a cooperative operation's method group passed to Spawn (or another method that spawns) with arguments
/// the delegate cannot take. C# fills no optional parameter and converts no argument when it makes a delegate of a
/// method, so <c>Greenlet.Spawn(queue.Get)</c> and <c>Greenlet.Spawn(Greenlet.Sleep, 10)</c> do not compile; the
/// compiler's own error speaks of method groups and delegate types. This one says what to write.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SpawnArgumentsAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The most arguments Spawn passes on.</summary>
    private const int MaxArguments = 6;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.SpawnArgumentsMismatch);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(KnownNames.TwinOverloadAttribute) is not null)
            {
                start.RegisterSyntaxNodeAction(Analyze, SyntaxKind.InvocationExpression);
            }
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        var arguments = invocation.ArgumentList.Arguments;
        if (!arguments.Any(a => a.Expression is IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax))
        {
            return;
        }

        var model = context.SemanticModel;
        var call = model.GetSymbolInfo(invocation, context.CancellationToken);
        // Either no Spawn overload fits (Spawn(queue.Get)), or one does but the method group does not convert to its
        // delegate (Spawn(Greenlet.Sleep, 10) picks Spawn<int>, and Sleep takes a double).
        if (!new[] { call.Symbol }.Concat(call.CandidateSymbols).OfType<IMethodSymbol>()
                .Any(m => CallClassifier.AttributeArgument(m.OriginalDefinition, KnownNames.TwinOverloadAttribute) is not null))
        {
            return;
        }

        var errors = model.GetDiagnostics(invocation.Span, context.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        for (var index = 0; index < arguments.Count; index++)
        {
            var argument = arguments[index].Expression;
            var given = arguments.Skip(index + 1).ToList();
            var operation = model.GetMemberGroup(argument, context.CancellationToken)
                .OfType<IMethodSymbol>()
                .Where(m => CallClassifier.IsCooperativeOperation(m) && m.Parameters.Length <= MaxArguments && m.Parameters.All(p => p.RefKind == RefKind.None))
                .OrderBy(m => m.Parameters.Length == given.Count ? 0 : 1)
                .FirstOrDefault();

            // The compiler's error is at the method group (it does not convert) or at the spawn's name (no overload fits).
            if (operation is null
                || !errors.Any(e => argument.Span.Contains(e.Location.SourceSpan) || invocation.Expression.Span.Contains(e.Location.SourceSpan)))
            {
                continue;
            }

            var written = arguments.Take(index + 1).Select(a => a.WithoutTrivia().ToString())
                .Concat(operation.Parameters.Select((parameter, i) => i < given.Count
                    ? Typed(given[i].Expression, parameter.Type, model, invocation.SpanStart)
                    : Default(parameter, model, invocation.SpanStart)));
            var suggestion = $"{invocation.Expression.WithoutTrivia()}({string.Join(", ", written)})";
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.SpawnArgumentsMismatch,
                arguments[index].GetLocation(),
                $"{operation.ContainingType.Name}.{operation.Name}",
                suggestion));
            return;
        }
    }

    /// <summary>The argument as written, cast to the parameter's type where it has another: <c>(double)10</c>.</summary>
    private static string Typed(ExpressionSyntax argument, ITypeSymbol parameterType, SemanticModel model, int position)
    {
        var text = argument.WithoutTrivia().ToString();
        var type = model.GetTypeInfo(argument).Type;
        return SymbolEqualityComparer.IncludeNullability.Equals(type, parameterType)
            ? text
            : $"({parameterType.ToMinimalDisplayString(model, position)}){(argument is IdentifierNameSyntax or LiteralExpressionSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax ? text : "(" + text + ")")}";
    }

    /// <summary>
    /// The parameter's default value, typed as the parameter (<c>(GreenDuration?)null</c>, <c>default(GreenDuration)</c>,
    /// <c>true</c>), or its name where it has none.
    /// </summary>
    private static string Default(IParameterSymbol parameter, SemanticModel model, int position)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return parameter.Name;
        }

        var type = parameter.Type.ToMinimalDisplayString(model, position);
        return parameter.ExplicitDefaultValue switch
        {
            null when parameter.Type.IsValueType && parameter.Type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T => $"default({type})",
            null => $"({type})null",
            bool flag => flag ? "true" : "false",
            int number when parameter.Type.SpecialType == SpecialType.System_Int32 => number.ToString(CultureInfo.InvariantCulture),
            string text => SymbolDisplay.FormatLiteral(text, quote: true),
            System.IFormattable value => $"({type}){value.ToString(null, CultureInfo.InvariantCulture)}",
            var value => $"({type}){value}",
        };
    }
}
