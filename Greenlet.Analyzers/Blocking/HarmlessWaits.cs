using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Greenlets.Analyzers;

/// <summary>
/// Calls of the catalog that cannot block where they stand: a wait on a task known to be complete, a wait with a
/// zero timeout (or a Try form without one), reads and writes of in-memory streams, and a GetConsumingEnumerable
/// that is only stored (its enumeration blocks, and is reported where it happens).
/// </summary>
internal static class HarmlessWaits
{
    public static bool IsHarmless(IOperation operation, ISymbol member, LocalFlow flow) =>
        member.Name == "GetConsumingEnumerable" ? !IsEnumeratedHere(operation)
        : IsZeroTimeout(operation, member) || IsOnCompletedTask(operation, member, flow) || IsInMemory(operation, member, flow);

    /// <summary><c>foreach (var x in queue.GetConsumingEnumerable())</c> or <c>queue.GetConsumingEnumerable().First()</c>.</summary>
    private static bool IsEnumeratedHere(IOperation call)
    {
        var parent = call.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent is IForEachLoopOperation or IArgumentOperation or IInvocationOperation;
    }

    private static bool IsZeroTimeout(IOperation operation, ISymbol member)
    {
        if (operation is not IInvocationOperation call)
        {
            return false;
        }

        var hasTimeout = false;
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is not { } parameter || parameter.Name.IndexOf("imeout", StringComparison.Ordinal) < 0)
            {
                continue;
            }

            hasTimeout = true;
            if (IsZero(argument.Value))
            {
                return true;
            }
        }

        // Monitor.TryEnter(o), BlockingCollection.TryTake(out x), TryAdd(x): without a timeout they return at once.
        return !hasTimeout && member.Name.StartsWith("Try", StringComparison.Ordinal)
            && member.ContainingType?.Name is "Monitor" or "BlockingCollection" or "ReaderWriterLockSlim";
    }

    private static bool IsZero(IOperation value)
    {
        if (value.ConstantValue is { HasValue: true, Value: int or long } constant)
        {
            return Convert.ToInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture) == 0;
        }

        return value is IFieldReferenceOperation { Field: { Name: "Zero", ContainingType.Name: "TimeSpan" } };
    }

    private static bool IsOnCompletedTask(IOperation operation, ISymbol member, LocalFlow flow)
    {
        if (TaskOf(operation, member) is not { } task)
        {
            return false;
        }

        var traced = flow.Trace(task);
        if (IsCompletedTask(traced))
        {
            return true;
        }

        return ReferencedSymbol(task) is { } symbol && operation.SemanticModel is { } model && IsGuarded(operation.Syntax, symbol, model);
    }

    /// <summary>The task a wait is on: <c>t</c> in <c>t.Result</c>, <c>t.Wait()</c>, <c>t.GetAwaiter().GetResult()</c>.</summary>
    private static IOperation? TaskOf(IOperation operation, ISymbol member)
    {
        var instance = operation switch
        {
            IInvocationOperation call => call.Instance,
            IPropertyReferenceOperation property => property.Instance,
            _ => null,
        };
        if (member.Name == "GetResult")
        {
            instance = (instance as IInvocationOperation) is { TargetMethod.Name: "GetAwaiter" } awaiter ? awaiter.Instance : null;
            if (instance is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured)
            {
                instance = configured.Instance;
            }
        }
        else if (member.Name is not ("Result" or "Wait"))
        {
            return null;
        }

        return instance is { Type.Name: "Task" or "ValueTask" } ? instance : null;
    }

    private static bool IsCompletedTask(IOperation task) => task switch
    {
        IPropertyReferenceOperation { Property: { Name: "CompletedTask", IsStatic: true } } => true,
        IInvocationOperation { TargetMethod: { IsStatic: true, Name: "FromResult" or "FromException" or "FromCanceled", ContainingType.Name: "Task" or "ValueTask" } } => true,
        IObjectCreationOperation { Type.Name: "ValueTask", Constructor.Parameters: { Length: > 0 } parameters } => parameters[0].Type.Name is not ("Task" or "IValueTaskSource"),
        IDefaultValueOperation { Type.Name: "ValueTask" } => true,
        _ => false,
    };

    private static ISymbol? ReferencedSymbol(IOperation value) => value switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IConversionOperation conversion => ReferencedSymbol(conversion.Operand),
        _ => null,
    };

    /// <summary>
    /// Inside <c>if (t.IsCompleted) { ... }</c> (or <c>t.IsCompleted ? ... : ...</c>), or after
    /// <c>if (!t.IsCompleted) return;</c> in an enclosing block.
    /// </summary>
    private static bool IsGuarded(SyntaxNode node, ISymbol task, SemanticModel model)
    {
        for (var child = node; child.Parent is { } parent; child = parent)
        {
            switch (parent)
            {
                case IfStatementSyntax branch when branch.Statement == child && Checks(branch.Condition, task, model, completed: true):
                    return true;
                case ConditionalExpressionSyntax conditional when conditional.WhenTrue == child && Checks(conditional.Condition, task, model, completed: true):
                    return true;
                case BlockSyntax block:
                    foreach (var statement in block.Statements)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        if (statement is IfStatementSyntax { Else: null } exit && Exits(exit.Statement) && Checks(exit.Condition, task, model, completed: false))
                        {
                            return true;
                        }
                    }

                    break;
                case MemberDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax:
                    return false;
            }
        }

        return false;
    }

    private static bool Exits(StatementSyntax statement) => statement switch
    {
        ReturnStatementSyntax or ThrowStatementSyntax => true,
        BlockSyntax { Statements.Count: > 0 } block => Exits(block.Statements[block.Statements.Count - 1]),
        _ => false,
    };

    /// <summary>Whether the condition, when true, means the task is complete (or, with <paramref name="completed"/> false, not complete).</summary>
    private static bool Checks(ExpressionSyntax condition, ISymbol task, SemanticModel model, bool completed)
    {
        switch (condition)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Checks(parenthesized.Expression, task, model, completed);
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } negation:
                return Checks(negation.Operand, task, model, !completed);
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } both when completed:
                return Checks(both.Left, task, model, completed) || Checks(both.Right, task, model, completed);
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression } either when !completed:
                return Checks(either.Left, task, model, completed) || Checks(either.Right, task, model, completed);
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" } access when completed:
                return SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(access.Expression).Symbol, task);
            default:
                return false;
        }
    }

    /// <summary>Reads and writes of a MemoryStream, a StringReader, or a reader or writer made over one.</summary>
    private static bool IsInMemory(IOperation operation, ISymbol member, LocalFlow flow)
    {
        var instance = operation switch
        {
            IInvocationOperation call => call.Instance,
            IPropertyReferenceOperation property => property.Instance,
            _ => null,
        };
        return instance is not null && member.ContainingType?.ContainingNamespace?.ToDisplayString() == "System.IO" && IsMemory(instance, flow, 0);
    }

    private static bool IsMemory(IOperation value, LocalFlow flow, int depth)
    {
        var traced = flow.Trace(value);
        if (traced.Type?.Name is "MemoryStream" or "StringReader" or "StringWriter" or "UnmanagedMemoryStream")
        {
            return true;
        }

        return depth < 3
            && traced is IObjectCreationOperation { Type.Name: "StreamReader" or "StreamWriter" or "BinaryReader" or "BinaryWriter" or "BufferedStream", Arguments.Length: > 0 } creation
            && creation.Arguments[0].Value.Type?.Name != "String"
            && IsMemory(creation.Arguments[0].Value, flow, depth + 1);
    }
}
