using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Greenlets.Generators;

/// <summary>
/// The green call that replaces a blocking one: <c>GreenDns.GetHostEntry(host)</c> for <c>Dns.GetHostEntry(host)</c>.
/// The arguments are built from the original call's own expressions.
/// </summary>
internal sealed class GreenCall
{
    public GreenCall(string typeName, string method, IReadOnlyList<ExpressionSyntax> arguments)
    {
        TypeName = typeName;
        Method = method;
        Arguments = arguments;
    }

    /// <summary>The metadata name of the type declaring the green method.</summary>
    public string TypeName { get; }

    public string Method { get; }

    public IReadOnlyList<ExpressionSyntax> Arguments { get; }

    /// <summary>
    /// <c>global::Greenlets.GreenDns.GetHostEntry(host)</c>, or with another method name (the awaitable form);
    /// <paramref name="annotateType"/> marks the type name, for a code fix to simplify.
    /// </summary>
    public InvocationExpressionSyntax ToSyntax(string? methodName = null, SyntaxAnnotation[]? annotateType = null) =>
        InvocationExpression(
            MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                ParseExpression("global::" + TypeName).WithAdditionalAnnotations(annotateType ?? new SyntaxAnnotation[0]),
                IdentifierName(methodName ?? Method)),
            ArgumentList(SeparatedList(Arguments.Select(a => Argument(a.WithoutTrivia())))));

    /// <summary>The green method in the compilation, or null when the referenced runtime does not have it.</summary>
    public IMethodSymbol? FindTarget(Compilation compilation) =>
        compilation.GetTypeByMetadataName(TypeName)?.GetMembers(Method).OfType<IMethodSymbol>()
            .FirstOrDefault(m => m.DeclaredAccessibility == Accessibility.Public
                && m.Parameters.Length >= Arguments.Count
                && m.Parameters.Skip(Arguments.Count).All(p => p.IsOptional || p.IsParams));
}

/// <summary>Plans the green replacement of a blocking call whose catalog entry names a green form.</summary>
internal static class GreenForms
{
    public const string GreenletType = "Greenlets.Greenlet";
    public const string GreenDnsType = "Greenlets.GreenDns";
    public const string GreenThreadPoolType = "Greenlets.GreenThreadPool";
    public const string GreenFileType = "Greenlets.GreenFile";

    /// <summary>The <c>File</c> methods <c>GreenFile</c> has under the same name, with their parameter types.</summary>
    private static readonly Dictionary<string, string[]> s_greenFileShapes = new(StringComparer.Ordinal)
    {
        ["ReadAllBytes"] = new[] { "string" },
        ["ReadAllText"] = new[] { "string" },
        ["ReadAllLines"] = new[] { "string" },
        ["WriteAllBytes"] = new[] { "string", "byte[]" },
        ["WriteAllText"] = new[] { "string", "string" },
        ["AppendAllText"] = new[] { "string", "string" },
    };

    /// <summary>
    /// The replacement of <paramref name="expression"/> (an invocation, or a member access for <c>.Result</c>),
    /// or null when the call's shape has no replacement with the same meaning (<c>Task.Wait(timeout)</c> returns a bool;
    /// <c>Thread.Sleep(Timeout.Infinite)</c> sleeps forever).
    /// </summary>
    public static GreenCall? Plan(ExpressionSyntax expression, ISymbol member, BlockingApi api, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (api.Form)
        {
            case GreenForm.Sleep when expression is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } call && member is IMethodSymbol { Parameters.Length: 1 } sleep:
                var argument = call.ArgumentList.Arguments[0].Expression;
                if (sleep.Parameters[0].Type.SpecialType != SpecialType.System_Int32)
                {
                    return new GreenCall(GreenletType, "Sleep", new[] { argument }); // TimeSpan: the same overload exists
                }

                var constant = model.GetConstantValue(argument, cancellationToken);
                if (constant is { HasValue: true, Value: int milliseconds })
                {
                    return milliseconds < 0
                        ? null
                        : new GreenCall(GreenletType, "Sleep", new[] { Seconds(milliseconds) });
                }

                return new GreenCall(GreenletType, "Sleep", new ExpressionSyntax[]
                {
                    BinaryExpression(SyntaxKind.DivideExpression, Operand(argument), LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal("1000.0", 1000.0))),
                });

            case GreenForm.WaitTask when TaskOf(expression, member) is { } task:
                return new GreenCall(GreenletType, "WaitTask", new[] { task });

            case GreenForm.Dns when expression is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } lookup
                && member is IMethodSymbol { Parameters.Length: 1 } dns && dns.Parameters[0].Type.SpecialType == SpecialType.System_String:
                var method = dns.Name == "GetHostAddresses" ? "GetHostAddresses" : dns.Name == "GetHostByAddress" ? null : "GetHostEntry";
                return method is null ? null : new GreenCall(GreenDnsType, method, new[] { lookup.ArgumentList.Arguments[0].Expression });

            case GreenForm.File when expression is InvocationExpressionSyntax file
                && member is IMethodSymbol { IsStatic: true } fileMethod
                && s_greenFileShapes.TryGetValue(fileMethod.Name, out var shape)
                && fileMethod.Parameters.Select(p => ShapeOf(p.Type)).SequenceEqual(shape)
                && file.ArgumentList.Arguments.Count == shape.Length
                && file.ArgumentList.Arguments.All(a => a.NameColon is null && a.RefKindKeyword.IsKind(SyntaxKind.None)):
                // Same name, same parameter types, positional arguments: GreenFile's method means the same on the pool
                // (File's encoding overloads and span overloads have no twin, and keep the GreenThreadPool fix).
                return new GreenCall(GreenFileType, fileMethod.Name, file.ArgumentList.Arguments.Select(a => a.Expression).ToArray());

            default:
                return null;
        }
    }

    /// <summary>The task of <c>task.Wait()</c>, <c>task.Result</c> or <c>task.GetAwaiter().GetResult()</c>.</summary>
    private static ExpressionSyntax? TaskOf(ExpressionSyntax expression, ISymbol member) => (expression, member) switch
    {
        (InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax wait }, IMethodSymbol { Name: "Wait" })
            => wait.Expression,
        (MemberAccessExpressionSyntax result, IPropertySymbol { Name: "Result" })
            => result.Expression,
        (InvocationExpressionSyntax
        {
            ArgumentList.Arguments.Count: 0,
            Expression: MemberAccessExpressionSyntax
            {
                Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } awaiter },
            },
        }, IMethodSymbol { Name: "GetResult" })
            => awaiter.Expression,
        _ => null,
    };

    /// <summary>"string", "byte[]" or the type's name, with no nullable annotation to tell <c>string?</c> apart.</summary>
    private static string ShapeOf(ITypeSymbol type) => type switch
    {
        { SpecialType: SpecialType.System_String } => "string",
        IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte } => "byte[]",
        _ => type.Name,
    };

    /// <summary>Milliseconds as a seconds literal: 1000 is <c>1</c>, 250 is <c>0.25</c>.</summary>
    public static ExpressionSyntax Seconds(int milliseconds) =>
        ParseExpression((milliseconds / 1000.0).ToString("R", CultureInfo.InvariantCulture)); // as written: 1 is an int literal

    private static ExpressionSyntax Operand(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or LiteralExpressionSyntax or InvocationExpressionSyntax or ParenthesizedExpressionSyntax
            ? expression.WithoutTrivia()
            : ParenthesizedExpression(expression.WithoutTrivia());
}
