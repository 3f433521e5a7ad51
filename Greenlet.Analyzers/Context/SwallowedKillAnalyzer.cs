using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Greenlets.Analyzers;

/// <summary>
/// GRN0205: inside a [Greenlet] method, a catch clause around a suspension point that catches GreenletExit or
/// GreenTimeout without meaning to: <c>catch (Exception)</c> or a bare <c>catch</c>, with no filter that lets them
/// through, no clause before it that takes them, and no rethrow. In gevent they are BaseExceptions, which
/// <c>except Exception</c> does not catch; here they are Exceptions, so the kill or timeout would be swallowed.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class SwallowedKillAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The property naming the exceptions a reported clause swallows, comma-separated, for the code fix.</summary>
    public const string SwallowedProperty = "Swallowed";

    /// <summary>The property naming the variable the clause's filter can test (the one it declares, or a free name).</summary>
    public const string VariableProperty = "Variable";

    private const string GreenletExit = "Greenlets.GreenletExit";
    private const string GreenTimeout = "Greenlets.GreenTimeout";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.SwallowedKill);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var kills = new[] { GreenletExit, GreenTimeout }
                .Select(start.Compilation.GetTypeByMetadataName)
                .Where(type => type is not null)
                .Select(type => type!)
                .ToImmutableArray();
            var timeoutException = start.Compilation.GetTypeByMetadataName("System.TimeoutException");
            if (start.Compilation.GetTypeByMetadataName(KnownNames.GreenletAttribute) is null || kills.IsEmpty)
            {
                return;
            }

            start.RegisterOperationBlockStartAction(block =>
            {
                if (block.OwningSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && CallClassifier.IsGreenletMethod(method))
                {
                    block.RegisterOperationAction(operation => Analyze(operation, method, kills, timeoutException), OperationKind.Try);
                }
            });
        });
    }

    private static void Analyze(OperationAnalysisContext context, IMethodSymbol greenlet, ImmutableArray<INamedTypeSymbol> kills, INamedTypeSymbol? timeoutException)
    {
        var @try = (ITryOperation)context.Operation;
        if (@try.Catches.IsEmpty || BlockingCallAnalyzer.IsInsideLambda(@try) || FirstSuspensionPoint(@try.Body) is not { } suspension)
        {
            return;
        }

        for (var i = 0; i < @try.Catches.Length; i++)
        {
            var clause = @try.Catches[i];
            var swallowed = kills
                .Where(kill => Swallows(clause, kill, timeoutException) && !@try.Catches.Take(i).Any(earlier => TakesFirst(earlier, kill)))
                .ToList();
            if (swallowed.Count == 0 || clause.Syntax is not CatchClauseSyntax syntax)
            {
                continue;
            }

            var variable = clause.Locals.FirstOrDefault()?.Name ?? FreeName(clause, syntax);
            var names = swallowed.Select(type => type.Name).ToList();
            var filter = names.Count == 1 ? $"{variable} is not {names[0]}" : $"{variable} is not ({string.Join(" or ", names)})";
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(SwallowedProperty, string.Join(",", swallowed.Select(type => type.ToDisplayString())))
                .Add(VariableProperty, variable);
            var end = syntax.Filter?.Span.End ?? syntax.Declaration?.Span.End ?? syntax.CatchKeyword.Span.End;
            var location = Location.Create(syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(syntax.CatchKeyword.SpanStart, end));
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.SwallowedKill,
                location,
                properties,
                Describe(syntax),
                greenlet.Name,
                string.Join(" and ", names),
                Describe(suspension),
                filter));
        }
    }

    /// <summary>Whether the clause catches <paramref name="kill"/> and does not let it go on.</summary>
    private static bool Swallows(ICatchClauseOperation clause, INamedTypeSymbol kill, INamedTypeSymbol? timeoutException)
    {
        var caught = clause.ExceptionType;
        var isBase = caught.SpecialType == SpecialType.System_Object || (DerivesFrom(kill, caught) && !SymbolEqualityComparer.Default.Equals(kill, caught));
        if (!isBase || DerivesFrom(caught, kill))
        {
            return false; // not caught, or caught by name: on purpose
        }

        // Catching TimeoutException means wanting timeouts, whatever exception stands for them.
        if (kill.Name == "GreenTimeout" && timeoutException is not null && DerivesFrom(caught, timeoutException))
        {
            return false;
        }

        var local = clause.Locals.FirstOrDefault();
        if (clause.Filter is { } filter && Evaluate(filter, kill, local) == false)
        {
            return false;
        }

        return !Rethrows(clause.Handler, kill, local);
    }

    /// <summary>Whether an earlier clause takes <paramref name="kill"/> before a later one sees it (whatever it then does).</summary>
    private static bool TakesFirst(ICatchClauseOperation clause, INamedTypeSymbol kill) =>
        (clause.ExceptionType.SpecialType == SpecialType.System_Object || DerivesFrom(kill, clause.ExceptionType))
        && (clause.Filter is null || Evaluate(clause.Filter, kill, clause.Locals.FirstOrDefault()) == true);

    /// <summary>Whether the handler rethrows the exception, at its top level or under an if that holds for <paramref name="kill"/>.</summary>
    private static bool Rethrows(IBlockOperation handler, INamedTypeSymbol kill, ILocalSymbol? local)
    {
        foreach (var statement in handler.Operations)
        {
            if (IsRethrow(statement, local))
            {
                return true;
            }

            if (statement is IConditionalOperation { WhenTrue: var whenTrue } conditional
                && Evaluate(conditional.Condition, kill, local) == true
                && (IsRethrow(whenTrue, local) || (whenTrue is IBlockOperation block && block.Operations.Any(s => IsRethrow(s, local)))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRethrow(IOperation statement, ILocalSymbol? local)
    {
        var @throw = statement as IThrowOperation ?? (statement as IExpressionStatementOperation)?.Operation as IThrowOperation;
        return @throw is not null
            && (@throw.Exception is null || (@throw.Exception is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)));
    }

    /// <summary>
    /// What a filter or condition is for an exception of exactly the type <paramref name="kill"/>: true, false, or
    /// null when it depends on more than the exception's type.
    /// </summary>
    private static bool? Evaluate(IOperation operation, INamedTypeSymbol kill, ILocalSymbol? local)
    {
        if (operation.ConstantValue is { HasValue: true, Value: bool constant })
        {
            return constant;
        }

        switch (operation)
        {
            case IIsTypeOperation isType when IsTheException(isType.ValueOperand, local):
                return DerivesFrom(kill, isType.TypeOperand) != isType.IsNegated;
            case IIsPatternOperation isPattern when IsTheException(isPattern.Value, local):
                return Match(isPattern.Pattern, kill);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return !Evaluate(not.Operand, kill, local);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                var left = Evaluate(and.LeftOperand, kill, local);
                var right = Evaluate(and.RightOperand, kill, local);
                return left == false || right == false ? false : left == true && right == true ? true : null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                var first = Evaluate(or.LeftOperand, kill, local);
                var second = Evaluate(or.RightOperand, kill, local);
                return first == true || second == true ? true : first == false && second == false ? false : null;
            default:
                return null;
        }
    }

    private static bool? Match(IPatternOperation pattern, INamedTypeSymbol kill)
    {
        switch (pattern)
        {
            case ITypePatternOperation type:
                return DerivesFrom(kill, type.MatchedType);
            case IDeclarationPatternOperation declaration:
                return declaration.MatchesNull || DerivesFrom(kill, declaration.MatchedType);
            case INegatedPatternOperation negated:
                return !Match(negated.Pattern, kill);
            case IBinaryPatternOperation binary:
                var left = Match(binary.LeftPattern, kill);
                var right = Match(binary.RightPattern, kill);
                return binary.OperatorKind == BinaryOperatorKind.And
                    ? (left == false || right == false ? false : left == true && right == true ? true : null)
                    : (left == true || right == true ? true : left == false && right == false ? false : null);
            case IRecursivePatternOperation recursive when recursive.MatchedType is { } matched && !DerivesFrom(kill, matched):
                return false;
            case IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } }:
                return false;
            default:
                return null;
        }
    }

    private static bool IsTheException(IOperation? operation, ILocalSymbol? local) =>
        local is not null && operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    private static bool DerivesFrom(ITypeSymbol type, ITypeSymbol? baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first operation in the block at which a kill or timeout can arrive: a suspension point.</summary>
    private static IOperation? FirstSuspensionPoint(IOperation block)
    {
        foreach (var operation in HelperWalker.Descendants(block))
        {
            switch (operation)
            {
                case IInvocationOperation invocation when HelperWalker.SuspendsInPlainCode(invocation, invocation.TargetMethod) || SuspendingLocalFunction(invocation):
                    return invocation;
                case IForEachLoopOperation loop when loop.Syntax is CommonForEachStatementSyntax syntax && operation.SemanticModel is { } model
                    && CallClassifier.IsCooperativeForEach(syntax, model):
                    return loop;
            }
        }

        return null;
    }

    /// <summary>A call to a local function that suspends (it is rewritten with its method), through further ones too.</summary>
    private static bool SuspendingLocalFunction(IInvocationOperation invocation, HashSet<IMethodSymbol>? open = null)
    {
        if (invocation.TargetMethod.MethodKind != MethodKind.LocalFunction || invocation.SemanticModel is not { } model)
        {
            return false;
        }

        open ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        if (!open.Add(invocation.TargetMethod.OriginalDefinition))
        {
            return false;
        }

        foreach (var reference in invocation.TargetMethod.OriginalDefinition.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is LocalFunctionStatementSyntax syntax && model.GetOperation(syntax) is ILocalFunctionOperation { Body: { } body })
            {
                foreach (var operation in HelperWalker.Descendants(body))
                {
                    if (operation is IInvocationOperation inner
                        && (HelperWalker.SuspendsInPlainCode(inner, inner.TargetMethod) || SuspendingLocalFunction(inner, open)))
                    {
                        return true;
                    }

                    if (operation is IForEachLoopOperation { Syntax: CommonForEachStatementSyntax loop } && CallClassifier.IsCooperativeForEach(loop, model))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>A name for the exception that nothing in scope at the handler uses: e, exception, exception2...</summary>
    private static string FreeName(ICatchClauseOperation clause, CatchClauseSyntax syntax)
    {
        var model = clause.SemanticModel;
        foreach (var name in new[] { "e", "exception" }.Concat(Enumerable.Range(2, 8).Select(n => "exception" + n)))
        {
            if (model is null || model.LookupSymbols(syntax.Block.SpanStart, name: name).IsEmpty)
            {
                return name;
            }
        }

        return "exception10";
    }

    private static string Describe(CatchClauseSyntax clause) =>
        clause.Declaration is null ? "catch" : "catch " + clause.Declaration.WithoutTrivia().ToString();

    private static string Describe(IOperation suspension)
    {
        var syntax = suspension.Syntax is CommonForEachStatementSyntax loop ? loop.Expression : suspension.Syntax;
        var text = System.Text.RegularExpressions.Regex.Replace(syntax.WithoutTrivia().ToString(), @"\s+", " ");
        var what = suspension is IForEachLoopOperation ? $"foreach over {text}" : text;
        return what.Length > 60 ? what.Substring(0, 57) + "..." : what;
    }
}
