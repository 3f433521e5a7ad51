using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Greenlets.Analyzers
{
    /// <summary>
    /// A field or local that a fix gives a green type (a SemaphoreSlim that becomes a GreenSemaphore, a lock object
    /// that becomes a GreenLock). Such a fix is safe only when the fix sees every use, so the variable must be declared,
    /// alone and with its creation, where every use is in the one document being fixed.
    /// </summary>
    internal sealed class RetypedVariable
    {
        private RetypedVariable(ISymbol symbol, VariableDeclarationSyntax declaration, BaseObjectCreationExpressionSyntax creation)
        {
            Symbol = symbol;
            Declaration = declaration;
            Creation = creation;
        }

        public ISymbol Symbol { get; }

        /// <summary>The declaration, of this one variable: <c>private readonly object _gate = new();</c>.</summary>
        public VariableDeclarationSyntax Declaration { get; }

        /// <summary>The creation that initializes it: <c>new()</c>, <c>new SemaphoreSlim(2)</c>.</summary>
        public BaseObjectCreationExpressionSyntax Creation { get; }

        /// <summary>The variable <paramref name="reference"/> names, when every use of it is in this document and it is declared alone, created with <c>new</c>.</summary>
        public static RetypedVariable? Find(ExpressionSyntax reference, SemanticModel model, CancellationToken cancellationToken)
        {
            if (reference is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax })
                || model.GetSymbolInfo(reference, cancellationToken).Symbol is not { } symbol
                || !DeclaredOnlyHere(symbol, reference.SyntaxTree)
                || symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax
                {
                    Parent: VariableDeclarationSyntax { Variables.Count: 1 } declaration,
                    Initializer.Value: BaseObjectCreationExpressionSyntax { Initializer: null } creation,
                })
            {
                return null;
            }

            return new RetypedVariable(symbol, declaration, creation);
        }

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

        /// <summary>The declaration with the green type and a creation of it: <c>GreenLock _gate = new GreenLock()</c>; <c>var</c> and <c>new()</c> stay.</summary>
        public VariableDeclarationSyntax Retype(string metadataName, ArgumentListSyntax arguments)
        {
            var declarator = Declaration.Variables[0];
            ExpressionSyntax creation = Creation is ImplicitObjectCreationExpressionSyntax
                ? ImplicitObjectCreationExpression(arguments, null)
                : ObjectCreationExpression(TypeName(metadataName), arguments, null);
            var type = Declaration.Type.IsVar ? Declaration.Type : TypeName(metadataName).WithTriviaFrom(Declaration.Type);
            return Declaration
                .WithType(type)
                .WithVariables(SingletonSeparatedList(declarator.WithInitializer(
                    declarator.Initializer!.WithValue(creation.WithTriviaFrom(Creation)))));
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
}
