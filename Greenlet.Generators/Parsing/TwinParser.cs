using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Greenlets.Generators
{
    /// <summary>
    /// Reads one [Greenlet] method with its semantic model and produces the plain-data model of its twin,
    /// or the errors that explain why it cannot be rewritten. Nothing from Roslyn leaves this class.
    /// </summary>
    internal static class TwinParser
    {
        public static TwinResult Parse(MethodDeclarationSyntax method, IMethodSymbol symbol, SemanticModel model, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            CheckShape(method, symbol, diagnostics);
            if (diagnostics.Count > 0)
            {
                return new TwinResult(null, diagnostics.ToEquatableArray());
            }

            var suspending = SuspendingLocalFunctions(method, model, cancellationToken);
            var rewriter = new BodyRewriter(model, suspending, cancellationToken);
            SyntaxNode? body = method.Body ?? (SyntaxNode?)method.ExpressionBody?.Expression;
            var rewrittenBody = body is null ? null : rewriter.Visit(body);
            diagnostics.AddRange(rewriter.Diagnostics);
            if (body is not null)
            {
                RefLocalChecker.Check(body, rewriter.Points.Select(p => p.Call).ToList(), model, diagnostics, cancellationToken);
            }

            if (diagnostics.Count > 0)
            {
                return new TwinResult(null, diagnostics.ToEquatableArray());
            }

            var filePath = method.SyntaxTree.FilePath;
            var twin = new TwinModel(
                ContainerOf(method, symbol),
                Signature(method, symbol),
                BodyText(method, symbol, rewrittenBody),
                body is null ? 0 : body.GetLocation().GetLineSpan().StartLinePosition.Line + 1,
                filePath,
                model.GetNullableContext(method.SpanStart).AnnotationsEnabled(),
                rewriter.Points.Where(p => !p.InLocalFunction).Select(p => p.Describe()).ToEquatableArray());
            return new TwinResult(twin, diagnostics.ToEquatableArray());
        }

        private static void CheckShape(MethodDeclarationSyntax method, IMethodSymbol symbol, List<DiagnosticInfo> diagnostics)
        {
            var name = symbol.Name;
            void Report(DiagnosticDescriptor descriptor, SyntaxNode at, params string[] arguments) =>
                diagnostics.Add(new DiagnosticInfo(descriptor.Id, LocationInfo.From(at), arguments.ToEquatableArray()));

            foreach (var type in method.Ancestors().OfType<TypeDeclarationSyntax>())
            {
                if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    Report(DiagnosticDescriptors.NonPartialType, method.Identifier.Parent!, type.Identifier.Text, name);
                    return;
                }
            }

            for (var type = symbol.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsFileLocal)
                {
                    Report(DiagnosticDescriptors.FileLocalType, method.Identifier.Parent!, name, type.Name);
                    return;
                }
            }

            var at = (SyntaxNode)method;
            if (symbol.IsAsync)
            {
                Report(DiagnosticDescriptors.UnsupportedMethod, at, name, "it is already async; remove async and await and call the cooperative operations directly");
            }
            else if (symbol.ReturnsByRef || symbol.ReturnsByRefReadonly)
            {
                Report(DiagnosticDescriptors.UnsupportedMethod, at, name, "it returns by reference");
            }
            else if (symbol.ReturnType.IsRefLikeType)
            {
                Report(DiagnosticDescriptors.UnsupportedMethod, at, name, $"its return type {symbol.ReturnType.Name} is a ref struct, which cannot outlive a suspension");
            }
            else if (method.Body is null && method.ExpressionBody is null && !symbol.IsAbstract)
            {
                Report(DiagnosticDescriptors.UnsupportedMethod, at, name, "it has no body to rewrite");
            }
            else if (symbol.MethodKind != MethodKind.Ordinary)
            {
                Report(DiagnosticDescriptors.UnsupportedMethod, at, name, "only ordinary methods can be rewritten");
            }

            foreach (var parameter in method.ParameterList.Parameters)
            {
                if (parameter.Modifiers.Any(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword)))
                {
                    Report(DiagnosticDescriptors.ByRefParameter, parameter, name, parameter.Identifier.Text);
                }
            }

            foreach (var parameter in symbol.Parameters.Where(p => p.RefKind == RefKind.None && p.Type.IsRefLikeType))
            {
                Report(DiagnosticDescriptors.UnsupportedMethod, at, name, $"parameter '{parameter.Name}' is a ref struct ({parameter.Type.Name}), which cannot outlive a suspension");
            }

            var body = (SyntaxNode?)method.Body ?? method.ExpressionBody;
            if (body is not null && OwnNodes(body).Any(n => n is YieldStatementSyntax))
            {
                Report(DiagnosticDescriptors.Iterator, at, name);
            }

            if (!symbol.IsStatic && symbol.ContainingType.TypeKind == TypeKind.Struct && !symbol.ContainingType.IsReadOnly && !symbol.IsReadOnly)
            {
                Report(DiagnosticDescriptors.MutableStructInstanceMethod, at, name, symbol.ContainingType.Name);
            }

            if (method.Modifiers.Any(SyntaxKind.UnsafeKeyword)
                || (body is not null && body.DescendantNodes().Any(n => n is UnsafeStatementSyntax or FixedStatementSyntax or PointerTypeSyntax)))
            {
                Report(DiagnosticDescriptors.UnsafeCode, at, name);
            }
        }

        /// <summary>The nodes of a body that belong to the method itself, not to its lambdas or local functions.</summary>
        private static IEnumerable<SyntaxNode> OwnNodes(SyntaxNode body) =>
            body.DescendantNodes(n => n == body || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax));

        /// <summary>Local functions that contain suspension points, directly or by calling one another.</summary>
        private static HashSet<IMethodSymbol> SuspendingLocalFunctions(MethodDeclarationSyntax method, SemanticModel model, CancellationToken cancellationToken)
        {
            var suspending = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var locals = method.DescendantNodes().OfType<LocalFunctionStatementSyntax>()
                .Select(f => (Syntax: f, Symbol: model.GetDeclaredSymbol(f, cancellationToken) as IMethodSymbol))
                .Where(f => f.Symbol is not null)
                .ToList();
            bool changed;
            do
            {
                changed = false;
                foreach (var (syntax, symbol) in locals)
                {
                    if (suspending.Contains(symbol!))
                    {
                        continue;
                    }

                    var calls = OwnNodes((SyntaxNode?)syntax.Body ?? syntax.ExpressionBody!).OfType<InvocationExpressionSyntax>();
                    if (calls.Any(call => CallClassifier.Classify(call, model, suspending, cancellationToken).Suspends))
                    {
                        suspending.Add(symbol!.OriginalDefinition);
                        changed = true;
                    }
                }
            }
            while (changed);

            return suspending;
        }

        private static TwinContainer ContainerOf(MethodDeclarationSyntax method, IMethodSymbol symbol)
        {
            var types = new List<TypeDeclarationInfo>();
            for (var type = symbol.ContainingType; type is not null; type = type.ContainingType)
            {
                types.Insert(0, new TypeDeclarationInfo(
                    Keyword(type),
                    type.Name,
                    type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(t => t.Name)) + ">",
                    type.IsStatic));
            }

            var compilationUnit = method.SyntaxTree.GetCompilationUnitRoot();
            var fileUsings = compilationUnit.Externs.Select(e => e.WithoutTrivia().ToString())
                .Concat(compilationUnit.Usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None)).Select(u => u.WithoutTrivia().ToString()));
            var namespaceUsings = method.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse()
                .SelectMany(n => n.Usings.Select(u => u.WithoutTrivia().ToString()));
            var ns = symbol.ContainingNamespace.IsGlobalNamespace ? "" : symbol.ContainingNamespace.ToDisplayString();
            return new TwinContainer(ns, types.ToEquatableArray(), fileUsings.ToEquatableArray(), namespaceUsings.ToEquatableArray());
        }

        private static string Keyword(INamedTypeSymbol type) => type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };

        /// <summary><c>public static async global::Greenlets.GreenTask&lt;int&gt; Worker__Greenlet(string name)</c>.</summary>
        private static string Signature(MethodDeclarationSyntax method, IMethodSymbol symbol)
        {
            var modifiers = method.Modifiers
                .Where(m => !m.IsKind(SyntaxKind.AsyncKeyword) && !m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.ExternKeyword))
                .Select(m => m.Text)
                .ToList();
            if (method.Modifiers.Any(SyntaxKind.OverrideKeyword) && !OverridesTwin(symbol))
            {
                modifiers.Remove("override");
                modifiers.Remove("sealed");
                modifiers.Add("new virtual");
            }

            if (!symbol.IsAbstract)
            {
                modifiers.Add("async");
            }

            var returnType = symbol.ReturnsVoid
                ? KnownNames.GreenTask
                : $"{KnownNames.GreenTask}<{method.ReturnType.WithoutTrivia()}>";
            var typeParameters = method.TypeParameterList?.WithoutTrivia().ToString() ?? "";
            var constraints = string.Concat(method.ConstraintClauses.Select(c => " " + c.WithoutTrivia()));
            var parameters = string.Join(", ", method.ParameterList.Parameters.Select(p => p.WithAttributeLists(default).WithoutTrivia().ToString()));
            return $"{string.Join(" ", modifiers)} {returnType} {symbol.Name}{KnownNames.TwinSuffix}{typeParameters}({parameters}){constraints}";
        }

        /// <summary>Whether the method this one overrides has a twin to override in turn.</summary>
        private static bool OverridesTwin(IMethodSymbol symbol)
        {
            var overridden = symbol.OverriddenMethod;
            return overridden is not null
                && (CallClassifier.IsGreenletMethod(overridden)
                    || overridden.ContainingType.GetMembers(overridden.Name + KnownNames.TwinSuffix).OfType<IMethodSymbol>()
                        .Any(m => m.Parameters.Length == overridden.Parameters.Length && (m.IsVirtual || m.IsAbstract || m.IsOverride)));
        }

        private static string BodyText(MethodDeclarationSyntax method, IMethodSymbol symbol, SyntaxNode? rewrittenBody)
        {
            switch (rewrittenBody)
            {
                case null:
                    return ";";
                case BlockSyntax block:
                    // Keep the brace in its original column, so the generated file reads like the source.
                    var column = block.GetLocation().GetLineSpan().StartLinePosition.Character;
                    return new string(' ', column) + block.WithoutTrivia().ToFullString();
                default:
                    var expression = rewrittenBody.WithoutTrivia().ToFullString();
                    return symbol.ReturnsVoid ? $"{{ {expression}; }}" : $"{{ return {expression}; }}";
            }
        }
    }
}
