using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Greenlets.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Greenlets.Analyzers;

/// <summary>
/// A field or local that a fix gives a green type (a SemaphoreSlim that becomes a GreenSemaphore, a lock object
/// that becomes a GreenLock, a Socket that becomes a GreenSocket). Such a fix is safe only when the fix sees every
/// use, so the variable must be declared, alone and with an initializer, where every use is in the one document
/// being fixed.
/// </summary>
internal sealed class RetypedVariable
{
    private RetypedVariable(ISymbol symbol, VariableDeclarationSyntax declaration, ExpressionSyntax initializer)
    {
        Symbol = symbol;
        Declaration = declaration;
        Initializer = initializer;
    }

    public ISymbol Symbol { get; }

    /// <summary>The variable's declared type: <c>object</c> for <c>object _gate</c>, the initializer's for <c>var</c>.</summary>
    public ITypeSymbol? Type => (Symbol as ILocalSymbol)?.Type ?? (Symbol as IFieldSymbol)?.Type;

    /// <summary>The declaration, of this one variable: <c>private readonly object _gate = new();</c>.</summary>
    public VariableDeclarationSyntax Declaration { get; }

    /// <summary>What initializes it: <c>new()</c>, <c>new SemaphoreSlim(2)</c>, <c>listener.Accept()</c>.</summary>
    public ExpressionSyntax Initializer { get; }

    /// <summary>The initializer when it is a <c>new</c> without an object or collection initializer, else null.</summary>
    public BaseObjectCreationExpressionSyntax? Creation => Initializer as BaseObjectCreationExpressionSyntax is { Initializer: null } creation ? creation : null;

    /// <summary>The variable <paramref name="reference"/> names (<c>_gate</c>, <c>this._gate</c>), when every use of it is in this document and it is declared alone, with an initializer.</summary>
    public static RetypedVariable? Find(ExpressionSyntax reference, SemanticModel model, CancellationToken cancellationToken) =>
        reference is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
            ? Of(model.GetSymbolInfo(reference, cancellationToken).Symbol, reference.SyntaxTree, cancellationToken)
            : null;

    /// <summary>The variable <paramref name="declarator"/> declares, on the same terms as <see cref="Find"/>.</summary>
    public static RetypedVariable? Declared(VariableDeclaratorSyntax declarator, SemanticModel model, CancellationToken cancellationToken) =>
        Of(model.GetDeclaredSymbol(declarator, cancellationToken), declarator.SyntaxTree, cancellationToken);

    private static RetypedVariable? Of(ISymbol? symbol, SyntaxTree tree, CancellationToken cancellationToken) =>
        symbol is not null
        && DeclaredOnlyHere(symbol, tree)
        && symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax
        {
            Parent: VariableDeclarationSyntax { Variables.Count: 1 } declaration,
            Initializer.Value: { } initializer,
        }
            ? new RetypedVariable(symbol, declaration, initializer)
            : null;

    /// <summary>
    /// Every use of the variable in the document, as the expression that names it (<c>_gate</c> or <c>this._gate</c>),
    /// leaving out its declaration.
    /// </summary>
    public IEnumerable<ExpressionSyntax> Uses(SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var reference in root.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (reference.Identifier.ValueText != Symbol.Name
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(reference, cancellationToken).Symbol, Symbol))
            {
                continue;
            }

            yield return reference.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == reference
                ? self
                : reference;
        }
    }

    /// <summary>The declaration with the green type and <paramref name="initializer"/>: <c>GreenLock _gate = new GreenLock()</c>; <c>var</c> stays.</summary>
    public VariableDeclarationSyntax Retype(string metadataName, ExpressionSyntax initializer)
    {
        var declarator = Declaration.Variables[0];
        var type = Declaration.Type.IsVar ? Declaration.Type : TypeName(metadataName).WithTriviaFrom(Declaration.Type);
        return Declaration
            .WithType(type)
            .WithVariables(SingletonSeparatedList(declarator.WithInitializer(
                declarator.Initializer!.WithValue(initializer.WithTriviaFrom(Initializer)))));
    }

    /// <summary>A creation of the green type in the initializer's style: <c>new()</c> stays <c>new(...)</c>.</summary>
    public ExpressionSyntax NewCreation(string metadataName, ArgumentListSyntax arguments) =>
        Initializer is ImplicitObjectCreationExpressionSyntax
            ? ImplicitObjectCreationExpression(arguments, null)
            : ObjectCreationExpression(TypeName(metadataName), arguments, null);

    /// <summary>Whether code is in the body of a [Greenlet] method itself, not in a lambda or local function of it.</summary>
    public static bool IsInGreenletBody(SyntaxNode code, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var ancestor in code.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return false;
                case MethodDeclarationSyntax method:
                    return model.GetDeclaredSymbol(method, cancellationToken) is IMethodSymbol symbol && CallClassifier.IsGreenletMethod(symbol);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>A type by its metadata name, written as short as the document's usings allow.</summary>
    public static TypeSyntax TypeName(string metadataName) =>
        ParseTypeName("global::" + metadataName).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>
    /// A local, or a private field of a type declared only in this file (besides the generator's own <c>.g.cs</c>
    /// parts, which it writes again from the fixed source): then every use is in this document.
    /// </summary>
    private static bool DeclaredOnlyHere(ISymbol symbol, SyntaxTree tree) => symbol switch
    {
        ILocalSymbol local => local.DeclaringSyntaxReferences.Length == 1 && local.DeclaringSyntaxReferences[0].SyntaxTree == tree,
        IFieldSymbol field => field.DeclaredAccessibility == Accessibility.Private
                              && field.DeclaringSyntaxReferences.Length == 1
                              && field.ContainingType.DeclaringSyntaxReferences.All(r => r.SyntaxTree == tree || IsGenerated(r.SyntaxTree)),
        _ => false,
    };

    private static bool IsGenerated(SyntaxTree tree) => tree.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase);
}
