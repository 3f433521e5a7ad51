using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Generators;

/// <summary>
/// What the checks on a [Greenlet] body need from its syntax, gathered in one walk: the body was walked once for
/// each of them (its local functions, a yield, unsafe code, the names it reads, its variables, its foreach loops).
/// </summary>
internal sealed class BodyScan : CSharpSyntaxWalker
{
    private readonly string[] _parameters;
    private int _insideFunctions;

    private BodyScan(string[] parameters)
        : base(SyntaxWalkerDepth.Node)
    {
        _parameters = parameters;
        NamedParameters = new bool[parameters.Length];
    }

    /// <summary>Every local function, nested ones too, in the order of the source.</summary>
    public List<LocalFunctionStatementSyntax> LocalFunctions { get; } = new();

    /// <summary>Every variable declarator, in the order of the source.</summary>
    public List<VariableDeclaratorSyntax> Declarators { get; } = new();

    /// <summary>
    /// Every name the body declares: variables, local functions and their type parameters, the parameters of lambdas
    /// and local functions, foreach and catch variables, range variables. A name outside it means in the body what it
    /// means in the rest of the type, unless it is one of the method's own parameters or type parameters.
    /// </summary>
    public HashSet<string> DeclaredNames { get; } = new(System.StringComparer.Ordinal);

    /// <summary>Every foreach loop, in the order of the source.</summary>
    public List<CommonForEachStatementSyntax> ForEachLoops { get; } = new();

    /// <summary>For each of the method's parameters, whether the body spells its name (an <c>IdentifierName</c> node).</summary>
    public bool[] NamedParameters { get; }

    /// <summary>The first yield statement of the method itself (not of its lambdas or local functions).</summary>
    public YieldStatementSyntax? FirstOwnYield { get; private set; }

    /// <summary>The first unsafe construct: an unsafe or fixed statement, a pointer or function pointer type.</summary>
    public SyntaxNode? FirstUnsafe { get; private set; }

    /// <summary>Scans the nodes under <paramref name="body"/> (a block or an arrow clause), not the body itself.</summary>
    /// <param name="body">The method's body.</param>
    /// <param name="parameters">The names of the method's parameters, as their value text.</param>
    public static BodyScan Of(SyntaxNode body, string[] parameters)
    {
        var scan = new BodyScan(parameters);
        foreach (var child in body.ChildNodes())
        {
            scan.Visit(child);
        }

        return scan;
    }

    public override void Visit(SyntaxNode? node)
    {
        switch (node)
        {
            case null:
                return;
            case IdentifierNameSyntax identifier:
                var name = identifier.Identifier.ValueText;
                for (var i = 0; i < _parameters.Length; i++)
                {
                    NamedParameters[i] |= _parameters[i] == name;
                }

                return; // no children
            case LocalFunctionStatementSyntax local:
                LocalFunctions.Add(local);
                DeclaredNames.Add(local.Identifier.ValueText);
                break;
            case VariableDeclaratorSyntax declarator:
                Declarators.Add(declarator);
                DeclaredNames.Add(declarator.Identifier.ValueText);
                break;
            case CommonForEachStatementSyntax loop:
                ForEachLoops.Add(loop);
                if (loop is ForEachStatementSyntax single)
                {
                    DeclaredNames.Add(single.Identifier.ValueText);
                }

                break;
            case SingleVariableDesignationSyntax designation:
                DeclaredNames.Add(designation.Identifier.ValueText);
                break;
            case ParameterSyntax parameter:
                DeclaredNames.Add(parameter.Identifier.ValueText);
                break;
            case TypeParameterSyntax typeParameter:
                DeclaredNames.Add(typeParameter.Identifier.ValueText);
                break;
            case CatchDeclarationSyntax caught:
                DeclaredNames.Add(caught.Identifier.ValueText);
                break;
            case FromClauseSyntax from:
                DeclaredNames.Add(from.Identifier.ValueText);
                break;
            case LetClauseSyntax let:
                DeclaredNames.Add(let.Identifier.ValueText);
                break;
            case JoinClauseSyntax join:
                DeclaredNames.Add(join.Identifier.ValueText);
                break;
            case JoinIntoClauseSyntax into:
                DeclaredNames.Add(into.Identifier.ValueText);
                break;
            case QueryContinuationSyntax continuation:
                DeclaredNames.Add(continuation.Identifier.ValueText);
                break;
            case YieldStatementSyntax yield when _insideFunctions == 0:
                FirstOwnYield ??= yield;
                break;
            case UnsafeStatementSyntax or FixedStatementSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax:
                FirstUnsafe ??= node;
                break;
        }

        if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
        {
            _insideFunctions++;
            base.Visit(node);
            _insideFunctions--;
        }
        else
        {
            base.Visit(node);
        }
    }
}
