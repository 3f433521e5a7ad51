using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Greenlets.Generators
{
    /// <summary>
    /// Turns a [Greenlet] method's body into its twin's body: every suspension point becomes
    /// <c>(await …)</c> of its awaitable form, and local functions that suspend become async.
    /// Only tokens are added, never line breaks, so each line of the result maps to the same line of the user's file.
    /// </summary>
    internal sealed class BodyRewriter : CSharpSyntaxRewriter
    {
        private readonly SemanticModel _model;
        private readonly HashSet<IMethodSymbol> _suspendingLocalFunctions;
        private readonly CancellationToken _cancellationToken;
        private readonly List<DiagnosticInfo> _diagnostics = new();
        private readonly List<SuspensionPoint> _points = new();

        public BodyRewriter(SemanticModel model, HashSet<IMethodSymbol> suspendingLocalFunctions, CancellationToken cancellationToken)
            : base(visitIntoStructuredTrivia: false)
        {
            _model = model;
            _suspendingLocalFunctions = suspendingLocalFunctions;
            _cancellationToken = cancellationToken;
        }

        public IReadOnlyList<DiagnosticInfo> Diagnostics => _diagnostics;

        /// <summary>The suspension points found, in the order the compiler numbers its awaits.</summary>
        public IReadOnlyList<SuspensionPoint> Points => _points;

        public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            var call = CallClassifier.Classify(node, _model, _suspendingLocalFunctions, _cancellationToken);
            var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
            if (call.Kind == CallKind.Plain)
            {
                return visited;
            }

            var rewritten = RenameTwinArguments(node, visited, call);
            if (call.NewName is { } newName && !TryRename(ref rewritten, newName))
            {
                Report(DiagnosticDescriptors.UnsupportedCall, node, Describe(node), "through an expression that is not a method name");
                return visited;
            }

            if (!call.Suspends)
            {
                return rewritten; // a twin overload: same call shape, no await
            }

            if (WhyNotRewritable(node) is { } reason)
            {
                return ReportUnrewritable(node, reason, visited);
            }

            _points.Add(new SuspensionPoint(node, IsInLocalFunction(node)));
            ExpressionSyntax awaited = AwaitExpression(Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(Space), rewritten.WithoutTrivia());
            if (NeedsParentheses(node))
            {
                awaited = ParenthesizedExpression(awaited);
            }

            return awaited.WithTriviaFrom(visited);
        }

        public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
        {
            var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
            if (_model.GetDeclaredSymbol(node, _cancellationToken) is not IMethodSymbol symbol || !_suspendingLocalFunctions.Contains(symbol))
            {
                return visited;
            }

            var returnType = visited.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
                ? ParseTypeName(KnownNames.GreenTask)
                : ParseTypeName($"{KnownNames.GreenTask}<{visited.ReturnType.WithoutTrivia()}>");
            return visited
                .WithReturnType(returnType.WithTriviaFrom(visited.ReturnType))
                .WithModifiers(visited.Modifiers.Add(Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(Space)));
        }

        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            // A suspending local function used as a value (not called) cannot be rewritten.
            if (node.Parent is not InvocationExpressionSyntax
                && node.Parent is not LocalFunctionStatementSyntax
                && _model.GetSymbolInfo(node, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } local
                && _suspendingLocalFunctions.Contains(local.OriginalDefinition))
            {
                Report(DiagnosticDescriptors.SuspendingLocalFunction, node, local.Name,
                    "it can only be called directly; to spawn it or pass it on, make it a [Greenlet] method of the type");
            }

            return base.VisitIdentifierName(node);
        }

        private InvocationExpressionSyntax RenameTwinArguments(InvocationExpressionSyntax original, InvocationExpressionSyntax visited, CallInfo call)
        {
            var arguments = visited.ArgumentList.Arguments;
            foreach (var index in call.TwinArguments)
            {
                // The semantic model only knows the original nodes.
                var target = CallClassifier.MethodGroupTarget(original.ArgumentList.Arguments[index].Expression, _model, _cancellationToken);
                if (target is null or { MethodKind: MethodKind.LocalFunction })
                {
                    continue; // inside the twin a local function already is its rewritten form
                }

                var expression = arguments[index].Expression;
                if (TryRenameExpression(ref expression, target.Name + KnownNames.TwinSuffix))
                {
                    arguments = arguments.Replace(arguments[index], arguments[index].WithExpression(expression));
                }
            }

            return visited.WithArgumentList(visited.ArgumentList.WithArguments(arguments));
        }

        private static bool TryRename(ref InvocationExpressionSyntax invocation, string newName)
        {
            var expression = invocation.Expression;
            if (!TryRenameExpression(ref expression, newName))
            {
                return false;
            }

            invocation = invocation.WithExpression(expression);
            return true;
        }

        private static bool TryRenameExpression(ref ExpressionSyntax expression, string newName)
        {
            switch (expression)
            {
                case IdentifierNameSyntax identifier:
                    expression = identifier.WithIdentifier(Identifier(newName).WithTriviaFrom(identifier.Identifier));
                    return true;
                case GenericNameSyntax generic:
                    expression = generic.WithIdentifier(Identifier(newName).WithTriviaFrom(generic.Identifier));
                    return true;
                case MemberAccessExpressionSyntax member:
                    SimpleNameSyntax name = member.Name;
                    ExpressionSyntax renamed = name;
                    if (!TryRenameExpression(ref renamed, newName))
                    {
                        return false;
                    }

                    expression = member.WithName((SimpleNameSyntax)renamed);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Why an await cannot go where this suspension point is, or null when it can.</summary>
        private static string? WhyNotRewritable(SyntaxNode node)
        {
            SyntaxNode child = node;
            foreach (var ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case QueryExpressionSyntax:
                        return "lambda";
                    case LocalFunctionStatementSyntax:
                    case MemberDeclarationSyntax:
                        return null;
                    case LockStatementSyntax @lock when child == @lock.Statement:
                        return "lock";
                    case CatchFilterClauseSyntax:
                        return "in a catch filter";
                    case ConditionalAccessExpressionSyntax access when child == access.WhenNotNull:
                        return "through the ?. operator";
                }

                child = ancestor;
            }

            return null;
        }

        private SyntaxNode ReportUnrewritable(InvocationExpressionSyntax node, string reason, SyntaxNode visited)
        {
            switch (reason)
            {
                case "lambda":
                    Report(DiagnosticDescriptors.SuspensionInLambda, node, Describe(node));
                    break;
                case "lock":
                    Report(DiagnosticDescriptors.SuspensionInLock, node, Describe(node));
                    break;
                default:
                    Report(DiagnosticDescriptors.UnsupportedCall, node, Describe(node), reason);
                    break;
            }

            return visited;
        }

        /// <summary>An await binds looser than member access, indexing, calls and postfix operators.</summary>
        private static bool NeedsParentheses(ExpressionSyntax node) => node.Parent switch
        {
            MemberAccessExpressionSyntax member => member.Expression == node,
            ConditionalAccessExpressionSyntax access => access.Expression == node,
            InvocationExpressionSyntax call => call.Expression == node,
            ElementAccessExpressionSyntax element => element.Expression == node,
            PostfixUnaryExpressionSyntax => true,
            _ => false,
        };

        private static bool IsInLocalFunction(SyntaxNode node) =>
            node.Ancestors().TakeWhile(a => a is not MemberDeclarationSyntax).Any(a => a is LocalFunctionStatementSyntax);

        private void Report(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] arguments) =>
            _diagnostics.Add(new DiagnosticInfo(descriptor.Id, LocationInfo.From(node), arguments.ToEquatableArray()));

        /// <summary>The call as written, on one line: <c>tasks.Get()</c>.</summary>
        public static string Describe(SyntaxNode node)
        {
            var text = Regex.Replace(node.WithoutTrivia().ToString(), @"\s+", " ");
            return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
        }
    }

    /// <summary>One suspension point of a twin.</summary>
    internal readonly struct SuspensionPoint
    {
        public SuspensionPoint(InvocationExpressionSyntax call, bool inLocalFunction)
        {
            Call = call;
            InLocalFunction = inLocalFunction;
        }

        public InvocationExpressionSyntax Call { get; }

        public bool InLocalFunction { get; }

        public string Describe()
        {
            var line = Call.GetLocation().GetLineSpan();
            return $"{Path.GetFileName(line.Path)}:{line.StartLinePosition.Line + 1}: {BodyRewriter.Describe(Call)}";
        }
    }
}
