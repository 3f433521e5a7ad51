using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Greenlets.Generators;

/// <summary>
/// Keeps caller-info parameters ([CallerMemberName], [CallerLineNumber], [CallerFilePath],
/// [CallerArgumentExpression]) telling the truth in rewritten code. File and line come out right by
/// themselves, through #line; the member name and the argument text would name the twin and the rewritten
/// text, so calls in a twin's body pass the original ones explicitly.
/// </summary>
internal static class CallerInfo
{
    private const string Namespace = "System.Runtime.CompilerServices.";
    private const string MemberName = Namespace + "CallerMemberNameAttribute";
    private const string ArgumentExpression = Namespace + "CallerArgumentExpressionAttribute";

    private static readonly string[] s_kept =
    {
        MemberName, ArgumentExpression, Namespace + "CallerLineNumberAttribute", Namespace + "CallerFilePathAttribute",
    };

    /// <summary>The caller-info attributes of a parameter, to repeat on the twin's parameter: <c>[global::…CallerLineNumber] </c>.</summary>
    public static string Attributes(IParameterSymbol parameter) => string.Concat(
        parameter.GetAttributes()
            .Where(a => s_kept.Contains(a.AttributeClass?.ToDisplayString()))
            .Select(a => $"[global::{Trim(a.AttributeClass!.ToDisplayString())}{Arguments(a)}] "));

    private static string Trim(string attribute) => attribute.Substring(0, attribute.Length - "Attribute".Length);

    private static string Arguments(AttributeData attribute) =>
        attribute.ConstructorArguments.IsEmpty ? "" : $"({string.Join(", ", attribute.ConstructorArguments.Select(c => c.ToCSharpString()))})";

    /// <summary>Whether a call to the method may leave a [CallerMemberName] or [CallerArgumentExpression] parameter to the compiler.</summary>
    public static bool MayAddValues(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.IsOptional && (CallClassifier.HasAttribute(parameter, MemberName) || CallClassifier.HasAttribute(parameter, ArgumentExpression)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The explicit arguments to add for the caller-info parameters a call leaves to the compiler, where the compiler
    /// would fill them differently in the twin: <c>Log("x")</c> becomes <c>Log("x", member: "Work")</c>, so this returns
    /// <c>, member: "Work"</c> (to go before the closing parenthesis), or null when there are none.
    /// </summary>
    public static string? OriginalValues(InvocationExpressionSyntax original, string methodName, SemanticModel model, CancellationToken cancellationToken)
    {
        // Most calls have no such parameter: the symbol, already bound, says so without the body's operation tree.
        if (model.GetSymbolInfo(original, cancellationToken).Symbol is not IMethodSymbol called
            || !MayAddValues(called)
            || model.GetOperation(original, cancellationToken) is not IInvocationOperation operation)
        {
            return null;
        }

        var added = new StringBuilder();
        var count = original.ArgumentList.Arguments.Count;
        foreach (var argument in operation.Arguments.Where(a => a.ArgumentKind == ArgumentKind.DefaultValue && a.Parameter is not null))
        {
            var parameter = argument.Parameter!;
            string? value = null;
            if (CallClassifier.HasAttribute(parameter, MemberName))
            {
                value = methodName;
            }
            else if (CallClassifier.AttributeArgument(parameter, ArgumentExpression) is { } referenced
                && operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == referenced && a.ArgumentKind != ArgumentKind.DefaultValue)?.Syntax is ArgumentSyntax source)
            {
                value = source.Expression.ToString();
            }

            if (value is not null)
            {
                var name = SyntaxFacts.GetKeywordKind(parameter.Name) == SyntaxKind.None ? parameter.Name : "@" + parameter.Name;
                added.Append(count++ > 0 ? ", " : " ").Append(name).Append(": ").Append(SymbolDisplay.FormatLiteral(value, quote: true));
            }
        }

        return added.Length > 0 ? added.ToString() : null;
    }
}
